# daxstat exact counts (tests/t-bpf-counts.sh, t-bpf-patched.sh): a scripted
# workload on a 64 MiB window (32 ranges, so no reclaim) traced by daxstat
# instances in every cost mode at once: the default (slow paths only) as
# JSON lines; --hits as JSON, table, CSV, the Prometheus exporter, and JSON
# filtered to the share's mount point; --hits --latency --faults; and on a
# stock module the kprobe flavor, forced and as the automatic fall back
# from fentry.
set -e
ip link set lo up
ds_prepare
mkdir -p w
truncate -s 8M w/a
ds_start json -j 1
ds_start hits -j --hits 1
ds_start lat -j --hits --latency --faults 1
ds_start table -H --hits 1
ds_start csv -c --hits 1
ds_start prom --prometheus --hits
ds_start promdef --prometheus=127.0.0.1:9478
ds_start mnt -j --hits -m /mnt/share 1
if [ -n "${PATCHED:-}" ]; then
	# The same module traced through its functions (PATCHED is set by the host).
	ds_start fentry -j --hits --probes=fentry 1
else
	ds_start kprobe -j --probes=kprobe 1
	ds_start kphits -j --probes=kprobe --hits --latency 1
	# fentry made to fail (test hook): daxstat reloads with kprobes.
	export DAXSTAT_TEST_NO_FENTRY=1
	ds_start fallback -j --hits 1
	unset DAXSTAT_TEST_NO_FENTRY
fi
# fd 3 keeps w/a's inode (and its DAX ranges) alive between the dd runs.
exec 3< w/a
# 1024 reads of 4 KiB: 2 new read-only ranges, 1022 hits.
dd if=w/a of=/dev/null bs=4k count=1024 2> /dev/null
# 256 overwrites in range 0: 1 upgrade to writable, 255 hits.
dd if=/dev/zero of=w/a bs=4k count=256 conv=notrunc 2> /dev/null
# 512 reads of range 2: 1 new range, 511 hits.
dd if=w/a of=/dev/null bs=4k skip=1024 count=512 2> /dev/null
# Last reference: the inode goes, one FUSE_REMOVEMAPPING for its 3 ranges.
exec 3<&-
# File-extending writes bypass DAX: 16 into a new file, one O_APPEND of 3
# bytes, one 4 KiB write that starts inside i_size and ends past it.
dd if=/dev/zero of=w/b bs=4k count=16 2> /dev/null
echo hi >> w/a
dd if=/dev/zero of=w/a bs=4k seek=2048 count=1 conv=notrunc 2> /dev/null
wget -q -O "$DS/out/metrics.txt" http://127.0.0.1:9477/metrics
# Only /metrics is served.
if wget -q -O "$DS/out/notfound.txt" http://127.0.0.1:9477/ 2> /dev/null; then
	echo served > "$DS/out/notfound.rc"
fi
wget -q -O "$DS/out/metrics-default.txt" http://127.0.0.1:9478/metrics
for n in json hits lat table; do ds_stop $n; done
ds_stop csv TERM
ds_stop prom TERM
ds_stop promdef TERM
ds_stop mnt
if [ -n "${PATCHED:-}" ]; then
	ds_stop fentry
else
	for n in kprobe kphits fallback; do ds_stop $n; done
fi
ds_save
