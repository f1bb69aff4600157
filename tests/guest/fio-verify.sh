# Runs inside the guest (busybox sh), in the shared directory.
# Usage: fio-verify.sh MODE SIZE
# Writes and verifies (crc32c) a SIZE file with psync and one with mmap, and
# records each file's sha256 so the host can compare. In mode none (cache=none)
# Linux 6.1 refuses shared mmap of direct-I/O files (ENODEV; 6.6 added
# FUSE_DIRECT_IO_ALLOW_MMAP), so there the mmap job must fail with that error.
set -e
mode=$1 size=$2

grep ' /mnt/share virtiofs ' /proc/mounts > mounts.txt
if [ "$mode" = dax ]; then
	grep -q 'dax=always' mounts.txt || { echo "share is not mounted dax=always"; exit 10; }
else
	! grep -q 'dax=' mounts.txt || { echo "share unexpectedly mounted with dax"; exit 10; }
fi

# A kprobe on the driver's reclaim of one range (reclaim_one_dmap_locked,
# which the background worker and the inline path call, and inode eviction
# does not), counted by tracefs: reclaim.txt says how often it ran, or
# "none" where the symbol or tracefs is missing, so that a test can tell
# reclaim from eviction.
T=/sys/kernel/tracing
reclaim_probe=none
if [ "$mode" = dax ]; then
	[ -d $T/events ] || mount -t tracefs nodev $T 2> /dev/null || true
	sym=$(grep -o ' reclaim_one_dmap_locked[.a-z0-9]*' /proc/kallsyms 2> /dev/null | head -n 1 | tr -d ' ')
	if [ -n "$sym" ] && echo "p:daxscope/reclaim fuse:$sym" >> $T/kprobe_events 2> /dev/null &&
		echo 1 > $T/events/daxscope/reclaim/enable; then
		reclaim_probe=on
	fi
fi

verify() { # engine
	fio --name="verify-$1" --filename="$1.dat" --ioengine="$1" \
		--rw=write --bs=64k --size="$size" --verify=crc32c --do_verify=1 \
		--verify_fatal=1 > "fio-$1.txt" 2>&1
}

for engine in psync mmap; do
	if [ "$engine" = mmap ] && [ "$mode" = none ]; then
		if verify mmap; then
			echo "mmap unexpectedly worked on cache=none"; exit 12
		fi
		grep -q 'No such device' fio-mmap.txt ||
			{ cat fio-mmap.txt; echo "mmap failed other than with ENODEV"; exit 12; }
		echo "fio mmap refused with ENODEV on cache=none, as 6.1 does"
		continue
	fi
	verify "$engine" || { cat "fio-$engine.txt"; echo "fio $engine verify failed"; exit 11; }
	echo "fio $engine verify ok ($size)"
	sha256sum "$engine.dat" | cut -d' ' -f1 > "$engine.sha256"
done

if [ $reclaim_probe = on ]; then
	reclaim_probe=$(awk '$1 == "reclaim" { print $2 }' $T/kprobe_profile)
fi
echo "reclaim_probe=$reclaim_probe" > reclaim.txt
# The patched modules' own counters (kernel patch 0007), where there are any
mount -t fusectl fusectl /sys/fs/fuse/connections 2> /dev/null || true
cat /sys/fs/fuse/connections/*/dax >> reclaim.txt 2> /dev/null || true
