# The host's facts, each read in one place. Every reader of a host fact
# goes through these, so that a test can supply the facts of another host
# (DS_HOST_MEM_KIB, DS_HOST_CPUS) and the decisions built on them can be
# checked for every kind of host, not just the one the test runs on.
# Sourced by lib/common.sh.
# shellcheck shell=bash

# Total memory in KiB.
ds_host_mem_kib() {
	[ -n "${DS_HOST_MEM_KIB:-}" ] && { echo "$DS_HOST_MEM_KIB"; return; }
	awk '/^MemTotal:/ { print $2 }' /proc/meminfo
}

# Online CPUs.
ds_host_cpus() {
	[ -n "${DS_HOST_CPUS:-}" ] && { echo "$DS_HOST_CPUS"; return; }
	nproc
}

# The KVM device: "absent", "noaccess" (exists, but not readable and
# writable for this user) or "present".
ds_host_kvm_dev() {
	if [ ! -e /dev/kvm ]; then
		echo absent
	elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo noaccess
	else
		echo present
	fi
}

# 1 when the host's KVM is a PVM host's (kvm_pvm loaded), else 0. Read from
# /sys/module, which exists where /proc/modules does not.
ds_host_pvm() { if [ -d /sys/module/kvm_pvm ]; then echo 1; else echo 0; fi; }

# This boot of the host, for facts that hold until the next boot.
ds_host_boot_id() { cat /proc/sys/kernel/random/boot_id 2> /dev/null || echo unknown; }

# The host's CPU model, for manifests.
ds_host_cpu_model() { sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1; }
