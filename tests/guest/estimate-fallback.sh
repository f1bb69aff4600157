# The silent fallback (tests/t-estimate.sh): the share mounted with
# dax=inode on a device without a DAX window (launch --mode none), which
# virtio-fs accepts and then maps nothing. A file read with 16 reads of
# 4 KiB, traced by three daxstat instances: the exporter with --estimate,
# JSON with --hits, JSON in the default mode.
set -e
ip link set lo up
ds_prepare
mkdir -p w
truncate -s 1M w/f
ds_start prom -j --prometheus=127.0.0.1:9479 --estimate
ds_start hits -j --hits 1
ds_start slow -j 1
dd if=w/f of=/dev/null bs=4k count=16 2> /dev/null
wget -q -O "$DS/out/metrics.txt" http://127.0.0.1:9479/metrics
for n in prom hits slow; do ds_stop $n; done
awk '$5 == "/mnt/share" {print $3}' /proc/self/mountinfo > "$DS/out/dev"
grep ' /mnt/share ' /proc/mounts > "$DS/out/mount"
ds_save
