# daxstat --record (tests/t-bpf-record.sh): a scripted workload on a 16 MiB
# window (8 ranges; at most 2 are mapped at once, so nothing is reclaimed)
# recorded by several daxstat instances at once: in full (with --hits), at
# the default
# sample (0.1 of the 4 MiB units), sampled (0.5 of the 2 MiB units),
# through a second probe flavor, with --latency, beside
# the table and beside the exporter; two are ended by SIGTERM, the rest by
# SIGINT. The host works out from this script what the recordings must
# hold; keep the two in step.
set -e
ip link set lo up
ds_prepare
mkdir -p w
truncate -s 4M w/a
truncate -s 1M w/b
truncate -s 64K w/c
truncate -s 64M w/e
ds_start full -j --hits --record "$DS/out/full.rec" --sample 1 1
ds_start deflt -j --record "$DS/out/deflt.rec" 1
ds_start samp -j --record "$DS/out/samp.rec" --sample 0.5 --sample-unit 2M 1
if [ -n "${PATCHED:-}" ]; then
	# The patched module records from its fuse_dax_iomap event; through
	# fuse_iomap_end (function probes) it must record the same.
	ds_start other -j --probes=fentry --record "$DS/out/other.rec" --sample 1 1
else
	ds_start other -j --probes=kprobe --record "$DS/out/other.rec" --sample 1 1
fi
ds_start lat -j --latency --record "$DS/out/lat.rec" --sample 1 1
ds_start table --record "$DS/out/table.rec" --sample 1 1
# 4K sampling units: b's 512 KiB extent spans 128, past the bound of 64.
ds_start bound -j --record "$DS/out/bound.rec" --sample 0.5 --granule 4K --sample-unit 4K 1
ds_start prom -c --prometheus=127.0.0.1:9479 --record "$DS/out/prom.rec" --sample 1

# a (4 MiB): fd 3 keeps the inode and its ranges between the dd runs.
exec 3< w/a
# Reads at 0, 4K, 300K, 2M, 4M-4K: granules 0 0 1 8 15 (ranges 0 and 1).
for k in 0 1 75 512 1023; do
	dd if=w/a of=/dev/null bs=4k count=1 skip=$k 2> /dev/null
done
# At and past EOF: holes, not recorded.
dd if=w/a of=/dev/null bs=4k count=1 skip=1024 2> /dev/null
dd if=w/a of=/dev/null bs=4k count=1 skip=3000 2> /dev/null
# Two overwrites in granule 1: range 0 upgraded to writable, then a hit.
dd if=/dev/zero of=w/a bs=4k count=2 seek=64 conv=notrunc 2> /dev/null
exec 3<&-
# b (1 MiB): no fd kept, so the inode goes after each run and range 0 is
# mapped anew each time. The append extends the file (a FUSE_WRITE, not
# recorded) to 1M+3.
echo hi >> w/b
dd if=w/b of=/dev/null bs=64k count=1 2> /dev/null
# One extent, two granules (2 and 3).
dd if=w/b of=/dev/null bs=512k count=1 skip=1 2> /dev/null
# The 3 bytes before EOF (granule 4), then a hole.
dd if=w/b of=/dev/null bs=4k count=1 skip=256 2> /dev/null
# c (64 KiB): read through mmap, 16 page faults in granule 0.
fio --name=mmap --filename=w/c --ioengine=mmap --rw=read --bs=4k --size=64k \
	--output="$DS/out/fio.txt"
# d: a new file, written by extending writes only.
dd if=/dev/zero of=w/d bs=4k count=4 2> /dev/null
# e (64 MiB): 4 KiB at the start of each 2 MiB unit, one dd each (so one
# range at a time): 32 (inode, unit) pairs for the sample.
for k in $(seq 0 31); do
	dd if=w/e of=/dev/null bs=4k count=1 skip=$((k * 512)) 2> /dev/null
done

wget -q -O "$DS/out/metrics.txt" http://127.0.0.1:9479/metrics
for n in full deflt samp lat table bound; do ds_stop $n; done
ds_stop other TERM
ds_stop prom TERM
# What the host needs to name the records: the mount's device, the inodes.
awk '$5 == "/mnt/share" {print $3}' /proc/self/mountinfo > "$DS/out/dev"
for f in a b c d e; do
	echo "$f $(stat -c %i w/$f)"
done > "$DS/out/inodes"
ds_save
