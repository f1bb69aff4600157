# shellcheck shell=bash
# What the guests need, resolved once per run (lib/built.sh), and the run's
# records: the manifest and the matrix. Sourced by workloads/run-matrix.sh.
# The steps share the run's globals; each function names those it reads.
# shellcheck disable=SC2154

# kget KEY: one fact of a user's kernel (kinfo, check.sh).
kget() { sed -n "s/^$1=//p" <<< "$kinfo"; }

# matrix_resolve: the image, the host stack (the suite's build, or
# --qemu/--virtiofsd), the patched modules, the accelerator and daxstat,
# each probed or built before anything boots: a dax matrix on a stack
# without a window, or an explicit kvm that cannot work, stops here.
# Reads want_dax, mod_list, range_bytes, kinfo, daxstat_opt; sets vfs_stats,
# truncate_args, patched_dir, has_dax_range, accel, daxstat_dir, daxstat_opt;
# exports what vm/host-stack-lib.sh and vm/accel-lib.sh export.
matrix_resolve() {
	local r
	ds_resolve image || die "the guest image did not build"
	ds_stack_resolve "$([ -n "$want_dax" ] && echo dax || echo none)" || bad "$DS_STACK_ERROR"
	vfs_stats=$(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_stats)
	# Every cell on one CPU model: the launcher would give patched-module
	# guests an Intel one, for machine checks on a host truncate, which no
	# cell needs.
	truncate_args=()
	# shellcheck disable=SC2034 # read by boot.sh
	[ -n "$(ds_stack_fact "$DS_STACK_FACTS" qemu_truncate_modes)" ] && truncate_args=(--on-truncate zero)
	[ "$vfs_stats" = yes ] ||
		log "$(ds_stack_name "$DS_STACK_FACTS" virtiofsd) keeps no mapping counters: cells get none"
	if [[ " ${mod_list[*]} " == *" patched "* ]] && [ -z "$patched_dir" ]; then
		ds_resolve modules || die "kernel/build-modules.sh failed"
		patched_dir=$(ds_built modules)
	fi
	# dax_range is the patched modules' mount option; without it, their
	# ranges are the stock 2M ones.
	has_dax_range=''
	if [ -n "$patched_dir" ] && grep -qa 'dax_range' "$patched_dir/fuse.ko"; then
		has_dax_range=1
	fi
	if [ -n "$want_dax" ] && [ -n "$patched_dir" ] && [ -z "$has_dax_range" ]; then
		for r in "${range_bytes[@]}"; do
			[ "$r" -eq $((2 << 20)) ] || die "the patched modules in $patched_dir have no dax_range option" \
				"(kernel/patches): only 2M ranges are possible"
		done
	fi
	# One accelerator for every guest, named in the manifest.
	ds_accel_resolve "${DS_ACCEL:-auto}" "$DS_QEMU" "$(ds_built image)/vmlinux" || exit 1
	accel=$(ds_accel_chosen)
	# daxstat is optional (without it the report says its time series are
	# unavailable): used when it builds, never when --daxstat off.
	daxstat_dir=''
	if [ -n "$kinfo" ] && [ "$(kget btf)" != yes ] && [ "$daxstat_opt" = auto ]; then
		log "daxstat off: its eBPF needs BTF: $(kget btf_why)"
		daxstat_opt=off
	fi
	if [ "$daxstat_opt" = auto ] && [ -n "$want_dax" ]; then
		if ds_resolve collectors; then
			daxstat_dir=$(ds_built collectors)
		else
			log "collectors/daxstat did not build: running without it"
		fi
	fi
}

# matrix_records: the results directory, its manifest (write-manifest.sh)
# and the matrix's lines in matrix; an appended matrix keeps the first
# manifest and adds its own lines, prefixed partN_.
# Reads out, kernel, kinfo, append, mod_list, patched_dir, daxstat_dir,
# accel, the options, names, job_names, guests, runs, total; sets out
# (absolute), kernel_label (the kernel every cell ran, for the report's
# config table) and part (N of an appended matrix, else empty).
matrix_records() {
	mkdir -p "$out/cells" "$out/guests"
	out=$(cd "$out" && pwd)
	if [ -n "$kernel" ]; then
		kernel_label="$(kget version) (--kernel $kernel)"
	else
		kernel_label="$(cat "$(ds_built image)/kernel-version") (Debian ${DS_KERNEL_FLAVOR:-amd64}, the built image)"
	fi
	part=''
	if [ -n "$append" ]; then
		part=2
		while grep -q "^part${part}_" "$out/matrix" 2> /dev/null; do part=$((part + 1)); done
		"$DS_ROOT/workloads/write-manifest.sh" "${mod_list[*]}" "$patched_dir" \
			"${daxstat_dir:+$daxstat_dir/daxstat}" "$accel" | grep -E '^(modules|patched_)' |
			sed "s/^/part${part}_/" >> "$out/manifest"
	else
		"$DS_ROOT/workloads/write-manifest.sh" "${mod_list[*]}" "$patched_dir" \
			"${daxstat_dir:+$daxstat_dir/daxstat}" "$accel" "${kernel:+$kernel_label}" > "$out/manifest"
		: > "$out/cells.list"
	fi
	{
		echo "modes=$modes"
		echo "windows=$windows"
		echo "ranges=$ranges"
		echo "modules=$modules"
		echo "cache=$caches"
		echo "workloads=$([ -n "$names" ] && echo "$spec")${job_names[*]:+ jobs: ${job_names[*]}}"
		echo "repeats=$repeats"
		echo "boots=$boots"
		echo "configs=${#guests[@]}"
		echo "guests=${#runs[@]}"
		echo "cells=$total"
	} | sed "s/^/${part:+part${part}_}/" >> "$out/matrix"
}
