# Runs inside the guest (busybox sh) as the launcher's --script, in the share,
# with the patched fuse modules. Records the fuse_dax trace events of a few
# accesses at known offsets, each step opened by a "daxscope-step NAME" marker,
# into trace.txt for tests/t-kernel-trace.sh to check:
#   read0    read 4 KiB at 0 of small.dat
#   read4k   read 4 KiB at 4 KiB
#   write8k  write 4 KiB at 8 KiB
#   append   write 4 KiB at EOF
#   reclaim  read all of big.dat (larger than the window)
#   settle   until the background reclaim worker has gone quiet
#   close    close both files (eviction unmaps what is left)
# Also copies the connection's counters (the fusectl dax file) to dax.txt
# and the kernel log to dmesg.txt.
set -e
T=/sys/kernel/tracing
mark() { echo "daxscope-step $1" > $T/trace_marker; }

grep ' /mnt/share virtiofs ' /proc/mounts | grep -q 'dax=always' ||
	{ echo "share is not mounted dax=always"; exit 10; }
[ -d $T/events/fuse_dax ] || { echo "no fuse_dax trace events (stock modules?)"; exit 11; }

echo 8192 > $T/buffer_size_kb
echo > $T/trace
echo 1 > $T/events/fuse_dax/enable

# virtiofsd's cache=none gives entries no lifetime, so an inode whose last
# file closes is evicted and its mappings removed: hold both files open so
# that mappings survive from one step to the next and nothing is unmapped
# but by reclaim until the close step.
exec 3< small.dat 4< big.dat
size=$(stat -c %s small.dat)

mark read0
dd if=small.dat of=/dev/null bs=4096 count=1 2> /dev/null
mark read4k
dd if=small.dat of=/dev/null bs=4096 skip=1 count=1 2> /dev/null
mark write8k
dd if=/dev/zero of=small.dat bs=4096 seek=2 count=1 conv=notrunc 2> /dev/null
mark append
dd if=/dev/zero of=small.dat bs=4096 seek=$((size / 4096)) count=1 conv=notrunc 2> /dev/null
mark reclaim
dd if=big.dat of=/dev/null bs=1M 2> /dev/null
mark settle
# The worker keeps freeing ranges (in the background) while the free count
# is below its threshold: wait until the trace stops growing.
n=-1
while :; do
	m=$(wc -l < $T/trace)
	[ "$m" = "$n" ] && break
	n=$m
	sleep 1
done
# Closing the files evicts their inodes, which unmaps what is left of
# them; the host counts that too.
mark close
exec 3<&- 4<&-
mark end
echo 0 > $T/events/fuse_dax/enable

# Only new files are written from here on: file extending writes, which map
# nothing, so the host's counters stay those of the steps above. cat reads
# the counters before its first write.
mount -t fusectl fusectl /sys/fs/fuse/connections
cat /sys/fs/fuse/connections/*/dax > dax.txt
cat $T/trace > trace.txt
dmesg > dmesg.txt
echo "trace: $(wc -l < $T/trace) lines"
