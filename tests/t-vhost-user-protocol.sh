#!/usr/bin/env bash
# The vhost-user shared memory numbers and layouts in the QEMU series
# (QEMU's and libvhost-user's headers, the spec text) and in vu-probe are
# those of the protocol as merged (vm/vhost-user-protocol.list); a copy of
# the series with the drafts' feature bit is caught. Then the built
# virtiofsd on the wire: it offers feature 22 (not 20) and answers
# GET_SHMEM_CONFIG with a reply of the merged size.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/vm/host-stack-lib.sh"
table=$DS_VU_PROTOCOL_LIST
want() { ds_vu_number "$1"; }

# added_lines PATCHDIR FILE: the lines the series adds to FILE.
added_lines() {
	awk -v f="$2" '/^diff --git / { on = ($3 == "a/" f) } on && /^\+[^+]/ { print substr($0, 2) }' "$1"/*.patch
}

# defined_value TEXT NAME: NAME's value in an enum (NAME = N) or a #define
# (#define NAME N, or (1ULL << K)); empty when TEXT does not define it.
defined_value() {
	local v
	v=$(sed -n -E "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*([0-9]+),?.*/\1/p;
		s/^[[:space:]]*#define[[:space:]]+$2[[:space:]]+([0-9]+)\b.*/\1/p;
		s/^[[:space:]]*#define[[:space:]]+$2[[:space:]]+\(1U?L?L? << ([0-9]+)\).*/shift \1/p" <<< "$1" | head -n 1)
	case $v in "shift "*) echo $((1 << ${v#shift })) ;; *) echo "$v" ;; esac
}

# layout TEXT STRUCT: "sizeof" and "FIELD offset" lines of STRUCT as TEXT
# declares it, compiled here.
layout() {
	local c=$T_WORK/layout.c
	{
		echo '#include <stdint.h>'
		echo '#include <stdio.h>'
		echo '#include <stddef.h>'
		echo "#define VHOST_USER_MAX_SHMEM_REGIONS $(want VHOST_USER_MAX_SHMEM_REGIONS)"
		awk -v s="$2" '$0 ~ "^typedef struct " s " \\{" { on = 1 } on { print } on && /^\}/ { exit }' <<< "$1"
		echo 'int main(void) {'
		echo "printf(\"$2 %zu\\n\", sizeof($2));"
		awk -v s="$2" '/^[[:space:]]*#/ { next } $0 ~ "^typedef struct " s " \\{" { on = 1; next }
			on && /^\}/ { exit }
			on && /;/ { f = $NF; sub(/;.*/, "", f); sub(/\[.*/, "", f); if (f != "padding")
				printf "printf(\"%s.%s %%zu\\n\", offsetof(%s, %s));\n", s, f, s, f }' <<< "$1"
		echo 'return 0; }'
	} > "$c"
	gcc -o "$T_WORK/layout.bin" "$c" || return 1
	"$T_WORK/layout.bin"
}

# check DIR: every number and layout of the table in the series in DIR and
# in vu-probe.c; prints one line per mismatch.
check() {
	local dir=$1 where text name v kind value lay
	for where in hw/virtio/vhost-user.c+include/hw/virtio/vhost-user.h \
		subprojects/libvhost-user/libvhost-user.h docs/interop/vhost-user.rst vu-probe; do
		if [ "$where" = vu-probe ]; then
			text=$(cat "$DS_ROOT/vm/probe/vu-probe.c")
		else
			text=$(for f in ${where//+/ }; do added_lines "$dir" "$f"; done)
		fi
		while read -r name value kind _; do
			case $kind in feature | backend | frontend | flag | limit) ;; *) continue ;; esac
			v=$(defined_value "$text" "$name")
			# The spec's text names requests, not enum values: its ids are
			# ":id: N" lines under the name.
			[ "$where" != docs/interop/vhost-user.rst ] || [ -n "$v" ] ||
				v=$(awk -v n="\`\`$name\`\`" '$0 == n { on = 1; next } on && /:id:/ { print $2; exit }' <<< "$text")
			[ -n "$v" ] || continue
			[ "$v" = "$value" ] || echo "$where: $name is $v, the merged protocol says $value"
		done < <(grep -v '^#' "$table")
		case $where in docs/* | vu-probe) continue ;; esac
		for s in VhostUserMMap VhostUserShMemConfig; do
			lay=$(layout "$text" "$s") || { echo "$where: $s does not compile"; continue; }
			while read -r name v; do
				value=$(want "$name")
				[ "$v" = "$value" ] || echo "$where: $name is $v bytes, the merged protocol says $value"
			done <<< "$lay"
			[ "$(grep -c . <<< "$lay")" -ge 3 ] || echo "$where: $s has no fields"
		done
	done
}

series=$DS_ROOT/vm/qemu-patches
out=$(check "$series")
[ -z "$out" ] || fail "the series disagrees with the merged protocol: $(head -n 1 <<< "$out")"
# Each number is really found where it must be (an empty text would pass).
for n in VHOST_USER_PROTOCOL_F_SHMEM VHOST_USER_BACKEND_SHMEM_MAP VHOST_USER_BACKEND_SHMEM_UNMAP \
	VHOST_USER_GET_SHMEM_CONFIG VHOST_USER_MAX_SHMEM_REGIONS; do
	for f in hw/virtio/vhost-user.c subprojects/libvhost-user/libvhost-user.h; do
		[ "$n" != VHOST_USER_MAX_SHMEM_REGIONS ] || [ "$f" != hw/virtio/vhost-user.c ] ||
			f=include/hw/virtio/vhost-user.h
		[ -n "$(defined_value "$(added_lines "$series" "$f")" "$n")" ] || fail "$f defines no $n"
	done
done
echo "the series and vu-probe agree with vm/vhost-user-protocol.list"

# The oracle catches the drafts' numbering and a changed layout.
mkdir -p "$T_WORK/draft" "$T_WORK/layout"
for p in "$series"/*.patch; do
	sed 's/VHOST_USER_PROTOCOL_F_SHMEM = 22,/VHOST_USER_PROTOCOL_F_SHMEM = 20,/' "$p" > "$T_WORK/draft/$(basename "$p")"
	sed 's/^+    uint64_t memory_sizes\[/+    uint32_t memory_sizes[/' "$p" > "$T_WORK/layout/$(basename "$p")"
done
out=$(check "$T_WORK/draft")
grep -q 'VHOST_USER_PROTOCOL_F_SHMEM is 20' <<< "$out" || fail "a series with feature bit 20 passed"
out=$(check "$T_WORK/layout")
grep -q 'VhostUserShMemConfig is 1032 bytes' <<< "$out" || fail "a reply of u32 sizes passed"
echo "a series with the drafts' bit, or with u32 sizes, is caught"

# On the wire: the suite's virtiofsd, through the probe the launcher uses
# (vm/host-stack-lib.sh, vm/probe/vu-probe.c).
ds_stack_bins
facts=$(ds_stack_probe "$QEMU" "$VIRTIOFSD")
proto=$(ds_stack_fact "$facts" virtiofsd_protocol_features)
(( (proto >> 22) & 1 )) || fail "the built virtiofsd does not offer feature 22: $proto"
(( ((proto >> 20) & 1) == 0 )) || fail "the built virtiofsd still offers feature 20: $proto"
expect_eq "window" "$(ds_stack_fact "$facts" qemu_window)" yes
# vu-probe reads the GET_SHMEM_CONFIG reply only when its size is the
# merged one (2056 bytes); our virtiofsd states no region size.
expect_eq "virtiofsd's GET_SHMEM_CONFIG reply" "$(ds_stack_fact "$facts" virtiofsd_shmem_regions)" 0
