# Runs inside the guest (busybox sh) as the launcher's --script, in the share,
# with the patched fuse modules: records the share's mount options and the
# fuse_dax iomap and setup events of one sequential read of data.dat, into
# mounts.txt and trace.txt for tests/t-kernel-range.sh.
set -e
T=/sys/kernel/tracing
[ -d $T/events/fuse_dax ] || { echo "no fuse_dax trace events (stock modules?)"; exit 11; }
grep ' /mnt/share virtiofs ' /proc/mounts > mounts.txt
echo 4096 > $T/buffer_size_kb
echo > $T/trace
echo 1 > $T/events/fuse_dax/fuse_dax_iomap/enable
echo 1 > $T/events/fuse_dax/fuse_dax_setup_mapping/enable
dd if=data.dat of=/dev/null bs=1M 2> /dev/null
echo 0 > $T/events/fuse_dax/enable
# A new file: written with FUSE WRITE, it maps nothing.
cat $T/trace > trace.txt
