# shellcheck shell=bash
# The host stack a guest runs on: which QEMU and virtiofsd, what they offer,
# and how to talk to them. The suite's own build (vm/build-qemu.sh) is the
# default; --qemu/--virtiofsd (DS_QEMU, DS_VIRTIOFSD) bring another. What a
# pair of binaries offers is probed once (cached by the binaries' identity),
# before any guest boots, so that a dax guest on a stack without a window is
# refused in one line instead of silently running without DAX. Source it
# after lib/common.sh.

# Which bit and message means what: vm/vhost-user-protocol.list.
DS_VU_PROTOCOL_LIST=$DS_ROOT/vm/vhost-user-protocol.list

# ds_vu_number NAME: a number of the vhost-user protocol table.
ds_vu_number() { awk -v n="$1" '$1 == n { print $2; exit }' "$DS_VU_PROTOCOL_LIST"; }

# virtiofsd dialects: the C virtiofsd (QEMU's tools/virtiofsd, ours) and the
# Rust one spell their options differently. One row per dialect and option;
# %s is the value. cache: the suite's cache mode name -> the dialect's.
DS_VFS_DIALECTS="c socket --socket-path=%s
c source -o|source=%s
c cache -o|cache=%s
c threads --thread-pool-size=%s
c cache:none none
rust socket --socket-path=%s
rust source --shared-dir=%s
rust cache --cache=%s
rust threads --thread-pool-size=%s
rust cache:none never"

# ds_vfs_opt DIALECT OPTION VALUE: the option's words, one per line.
ds_vfs_opt() {
	local fmt val=$3
	fmt=$(awk -v d="$1" -v o="$2" '$1 == d && $2 == o { print $3; exit }' <<< "$DS_VFS_DIALECTS")
	[ -n "$fmt" ] || return 1
	if [ "$2" = cache ]; then
		val=$(awk -v d="$1" -v o="cache:$3" '$1 == d && $2 == o { print $3; exit }' <<< "$DS_VFS_DIALECTS")
		val=${val:-$3}
	fi
	# shellcheck disable=SC2059 # the format is the table's
	printf -- "${fmt//|/\\n}\n" "$val"
}

# ds_qemu_common_args: the QEMU options every guest of the suite uses,
# probe guests included: Debian's firmware and no devices, monitor or
# display of QEMU's own choosing.
ds_qemu_common_args() {
	echo "-L /usr/share/qemu -L /usr/share/seabios -L /usr/lib/ipxe/qemu" \
		"-nographic -no-reboot -nodefaults -monitor none"
}

# ds_stack_bins: set QEMU and VIRTIOFSD: DS_QEMU and DS_VIRTIOFSD when set,
# else the suite's build. Fails with one line when a given one is missing.
ds_stack_bins() {
	local qdir
	if [ -z "${DS_QEMU:-}" ] || [ -z "${DS_VIRTIOFSD:-}" ]; then
		ds_resolve qemu || { echo "vm/build-qemu.sh failed" >&2; return 1; }
		qdir=$(ds_built qemu)
	fi
	QEMU=${DS_QEMU:-$qdir/qemu-system-x86_64}
	VIRTIOFSD=${DS_VIRTIOFSD:-$qdir/virtiofsd}
	local b
	for b in "$QEMU" "$VIRTIOFSD"; do
		[ -f "$b" ] && [ -x "$b" ] || { echo "no such executable: $b" >&2; return 1; }
	done
	QEMU=$(readlink -f "$QEMU") VIRTIOFSD=$(readlink -f "$VIRTIOFSD")
}

# ds_stack_probe QEMU VIRTIOFSD: print the facts file of this pair (key=value
# lines), probing it first when its facts are not cached yet.
ds_stack_probe() {
	local q=$1 v=$2 key dir facts tmp
	q=$(readlink -f "$q") v=$(readlink -f "$v")
	ds_resolve tools || { echo "lib/build-tools.sh failed" >&2; return 1; }
	key=$(ds_hash "$(stat -c '%n %s %Y' "$q" "$v")" "$(ds_built tools)/vu-probe" \
		"$DS_ROOT/vm/host-stack-lib.sh" "$DS_VU_PROTOCOL_LIST")
	dir=$DS_CACHE/host-stack
	facts=$dir/facts-$key
	[ -s "$facts" ] && { echo "$facts"; return 0; }
	mkdir -p "$dir"
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-stack.XXXXXX")
	ds_stack_facts "$q" "$v" "$tmp" > "$tmp/facts" || { rm -rf "$tmp"; return 1; }
	mv "$tmp/facts" "$facts"
	rm -rf "$tmp"
	echo "$facts"
}

# ds_stack_facts QEMU VIRTIOFSD TMPDIR: probe the pair (see ds_stack_probe).
ds_stack_facts() {
	local q=$1 v=$2 tmp=$3 help dialect proto shmem_bit vpid i
	echo "qemu=$q"
	echo "qemu_version=$("$q" --version 2> /dev/null | head -n 1)"
	# A here-string, not a pipe: grep -q leaving early would kill QEMU
	# with SIGPIPE, which pipefail turns into "no".
	help=$("$q" -device vhost-user-fs-pci,help 2> /dev/null || true)
	if grep -q '^ *cache-size=' <<< "$help"; then
		echo "qemu_window=yes"
	else
		echo "qemu_window=no"
	fi
	# What a guest access past a host truncate can do (launch.sh --on-truncate)
	if grep -q '^ *cache-truncate=' <<< "$help"; then
		echo "qemu_truncate_modes=zero,error,fatal"
	else
		echo "qemu_truncate_modes="
	fi
	# Whether it records stores lost to a zero page for the back-end
	if grep -q '^ *cache-lost-map=' <<< "$help"; then echo "qemu_lost_map=yes"; else echo "qemu_lost_map=no"; fi
	echo "virtiofsd=$v"
	echo "virtiofsd_version=$("$v" --version 2> /dev/null | grep -m1 . || echo unknown)"
	help=$("$v" --help 2>&1 || true)
	if grep -q -- '--shared-dir' <<< "$help"; then
		dialect=rust
	elif grep -q 'source=PATH' <<< "$help"; then
		dialect=c
	else
		echo "$v is not a virtiofsd this suite knows (its --help names neither -o source= nor --shared-dir)" >&2
		return 1
	fi
	echo "virtiofsd_dialect=$dialect"
	if grep -q 'stats_file=' <<< "$help"; then echo "virtiofsd_stats=yes"; else echo "virtiofsd_stats=no"; fi
	if grep -q 'lost_map=' <<< "$help"; then echo "virtiofsd_lost_map=yes"; else echo "virtiofsd_lost_map=no"; fi
	# What it offers, from the start of a vhost-user handshake.
	mkdir -p "$tmp/share"
	# shellcheck disable=SC2046 # one option word per line
	setsid "$v" $(ds_vfs_opt "$dialect" socket "$tmp/vfs.sock") \
		$(ds_vfs_opt "$dialect" source "$tmp/share") < /dev/null > "$tmp/vfs.log" 2>&1 &
	vpid=$!
	for ((i = 0; i < 100; i++)); do
		[ -S "$tmp/vfs.sock" ] && break
		kill -0 "$vpid" 2> /dev/null || break
		sleep 0.05
	done
	"$(ds_built tools)/vu-probe" "$tmp/vfs.sock" > "$tmp/probe.out" 2> "$tmp/probe.err"
	kill -TERM -- "-$vpid" 2> /dev/null
	wait "$vpid" 2> /dev/null
	proto=$(sed -n 's/^protocol_features=//p' "$tmp/probe.out")
	if [ -z "$proto" ]; then
		echo "virtiofsd $v did not answer a vhost-user handshake: $(cat "$tmp/probe.err" 2> /dev/null)$(tail -n 1 "$tmp/vfs.log")" >&2
		return 1
	fi
	echo "virtiofsd_protocol_features=$proto"
	shmem_bit=$(ds_vu_number VHOST_USER_PROTOCOL_F_SHMEM)
	if (( (proto >> shmem_bit) & 1 )); then echo "virtiofsd_shmem=yes"; else echo "virtiofsd_shmem=no"; fi
	# Its GET_SHMEM_CONFIG answer (vu-probe reads only a reply of the
	# merged size), where it offers shared memory.
	echo "virtiofsd_shmem_regions=$(sed -n 's/^shmem_nregions=//p' "$tmp/probe.out")"
}

# ds_stack_fact FACTS KEY: one fact.
ds_stack_fact() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# ds_stack_refusal FACTS MODE: why MODE cannot run on this stack (one
# line), or nothing when it can.
ds_stack_refusal() {
	local f=$1
	[ "$2" = dax ] || return 0
	if [ "$(ds_stack_fact "$f" qemu_window)" != yes ]; then
		echo "$(ds_stack_name "$f" qemu) has no virtio-fs DAX window: vhost-user-fs-pci has no cache-size"
	elif [ "$(ds_stack_fact "$f" virtiofsd_shmem)" != yes ]; then
		echo "$(ds_stack_name "$f" virtiofsd) cannot map files into a DAX window: it does not offer" \
			"the vhost-user shared-memory feature (protocol feature" \
			"$(ds_vu_number VHOST_USER_PROTOCOL_F_SHMEM), VHOST_USER_PROTOCOL_F_SHMEM)"
	fi
}

# ds_stack_name FACTS qemu|virtiofsd: "PATH (version)" of one binary.
ds_stack_name() {
	echo "$(ds_stack_fact "$1" "$2") ($(ds_stack_fact "$1" "$2_version"))"
}

# ds_stack_resolve MODE: bins, facts and refusal for a run; exports
# DS_STACK_FACTS (the facts file), DS_QEMU and DS_VIRTIOFSD, so that child
# scripts, their launchers and the manifest read the same stack. Fails with
# the refusal (or the probe's error) in DS_STACK_ERROR.
ds_stack_resolve() {
	local err
	err=$(mktemp "${TMPDIR:-/tmp}/daxscope-stack-err.XXXXXX")
	DS_STACK_ERROR=''
	if ! ds_stack_bins 2> "$err" || ! DS_STACK_FACTS=$(ds_stack_probe "$QEMU" "$VIRTIOFSD" 2> "$err"); then
		DS_STACK_ERROR=$(head -n 1 "$err")
		DS_STACK_ERROR=${DS_STACK_ERROR:-probing the host stack failed}
		rm -f "$err"
		return 1
	fi
	rm -f "$err"
	DS_QEMU=$QEMU DS_VIRTIOFSD=$VIRTIOFSD
	export DS_STACK_FACTS DS_QEMU DS_VIRTIOFSD
	DS_STACK_ERROR=$(ds_stack_refusal "$DS_STACK_FACTS" "$1")
	[ -z "$DS_STACK_ERROR" ]
}
