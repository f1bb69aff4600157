#!/usr/bin/env bash
# Print the manifest of a run (key=value lines) on stdout: what was measured
# on what, so that a report can be judged without the machine.
#   write-manifest.sh MODULES PATCHED_DIR DAXSTAT_DIR [ACCEL [KERNEL]]
# MODULES: the matrix's module sets (stock, patched); PATCHED_DIR and
# DAXSTAT_DIR may be empty; ACCEL is the accelerator the guests use (kvm or
# tcg, the default); KERNEL names a user's kernel (default: the image's).
# Builds nothing new: the caller resolved QEMU and the image (lib/built.sh)
# and passes them down in the environment.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/workloads/scale.env"
modules=$1 patched=$2 daxstat=$3 accel=${4:-tcg} user_kernel=${5:-}

kv() { printf '%s=%s\n' "$1" "$2"; }
# A manifest file's value for a key, or "unknown".
mget() { sed -n "s/^$2=//p" "$1" 2> /dev/null | head -n 1 | grep . || echo unknown; }

ds_resolve image
img=$(ds_built image)
# The host stack the run resolved (vm/host-stack-lib.sh), or the default.
. "$DS_ROOT/vm/host-stack-lib.sh"
[ -n "${DS_STACK_FACTS:-}" ] && [ -f "$DS_STACK_FACTS" ] || ds_stack_resolve none || die "$DS_STACK_ERROR"
qdir=$(dirname "$(ds_stack_fact "$DS_STACK_FACTS" qemu)")
commit=$(git -C "$DS_ROOT" rev-parse --short=12 HEAD 2> /dev/null || echo none)
if [ "$commit" != none ] && [ -n "$(git -C "$DS_ROOT" status --porcelain -- . 2> /dev/null | head -n 1)" ]; then
	commit+="+uncommitted"
fi

kv date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
kv project_commit "$commit"
case $accel in
kvm) kv accelerator "KVM (-accel kvm -cpu host)" ;;
*) kv accelerator "TCG (-accel tcg -cpu max): numbers are TCG numbers, not KVM numbers" ;;
esac
kv kernel "${user_kernel:-$(cat "$img/kernel-version") (Debian ${DS_KERNEL_FLAVOR:-amd64})}"
kv modules "$modules"
if [ -n "$patched" ]; then
	kv patched_modules_hash "$(mget "$patched/manifest" hash)"
	kv patched_modules_patches "$(mget "$patched/manifest" patches)"
	kv patched_fuse_ko_sha256 "$(sha256sum < "$patched/fuse.ko" | cut -c1-16)"
fi
# The suite's own build has a manifest beside its binaries; a user's QEMU
# is named by its own version line.
if [ -f "$qdir/manifest" ]; then
	kv qemu_version "$(mget "$qdir/manifest" qemu_version)"
	kv qemu_patch_hash "$(mget "$qdir/manifest" patch_hash)"
else
	kv qemu_version "$(ds_stack_fact "$DS_STACK_FACTS" qemu_version)"
	kv qemu_patch_hash "none (not the suite's build)"
fi
kv host_qemu "$(ds_stack_name "$DS_STACK_FACTS" qemu)"
kv host_virtiofsd "$(ds_stack_name "$DS_STACK_FACTS" virtiofsd)"
kv host_virtiofsd_features "dialect $(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_dialect), vhost-user protocol features $(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_protocol_features), shared memory $(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_shmem), counters $(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_stats)"
# The guest image carries the host's fio binary (vm/build-image.sh).
kv fio_version "$(fio --version 2> /dev/null || echo unknown) (Debian $(dpkg-query -W -f='${Version}' fio 2> /dev/null || echo '?'))"
kv daxstat "${daxstat:-absent}"
kv machine_nproc "$(ds_host_cpus)"
kv machine_memory "$(($(ds_host_mem_kib) / 1024)) MiB"
kv machine_cpu "$(ds_host_cpu_model)"
kv guest "${DS_CPUS:-2} vCPUs, $DS_GUEST_MEM, q35"
kv scale "profile=$DS_PROFILE size=$DS_SIZE append_size=$DS_APPEND_SIZE runtime=${DS_RUNTIME}s ramp=${DS_RAMP}s iodepth=$DS_IODEPTH bw_log=${DS_LOG_MSEC}ms"
