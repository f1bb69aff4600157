# daxstat --estimate (tests/t-estimate.sh): a 24 MiB file (12 ranges) read
# 4 KiB at the start of each range in turn, 200 times round, through a
# 16 MiB window (8 ranges): 2400 mapped extents of one inode, a cyclic scan
# larger than the window. Traced by four daxstat instances at once: the
# exporter with --estimate --sample 1 and --record (one stream, two
# consumers), the table with --estimate --sample 1, JSON with half the 2M
# units, and JSON with --estimate alone (the default sample). The host
# works out from this script what they must say; keep the two in step.
set -e
ip link set lo up
ds_prepare
mkdir -p w
truncate -s 24M w/x
ds_start prom -j --prometheus=127.0.0.1:9479 --estimate --sample 1 --record "$DS/out/est.rec"
ds_start table --estimate --sample 1 1
ds_start samp -j --estimate --sample 0.5 --sample-unit 2M 1
ds_start samp0 -j --estimate 1
# fd 3 keeps the inode (and its ranges) whatever fio opens and closes.
exec 3< w/x
# rw=read:2044k: each 4 KiB read skips the rest of its 2 MiB range; at the
# end of the file fio starts again at 0, until it has made 2400 reads.
fio --name=cycle --filename=w/x --ioengine=psync --rw=read:2044k --bs=4k --size=24M \
	--number_ios=2400 --invalidate=0 --output="$DS/out/fio.txt"
# The exporter drains its ring every 100 ms.
sleep 1
wget -q -O "$DS/out/metrics.txt" http://127.0.0.1:9479/metrics
for n in prom table samp samp0; do ds_stop $n; done
exec 3<&-
awk '$5 == "/mnt/share" {print $3}' /proc/self/mountinfo > "$DS/out/dev"
stat -c %i w/x > "$DS/out/ino"
ds_save
