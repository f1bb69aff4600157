# daxstat under reclaim (tests/t-bpf-reclaim.sh): a 128 MiB file (64 ranges)
# through a 32 MiB window (16 ranges). Sequential reads and overwrites make
# the background worker free ranges, two readers at once also reclaim
# inline; mmap reads fault, and faults cannot reclaim inline: they wait for
# a free range. Three daxstat instances watch it: the default mode, every
# per-access probe (--hits --latency --faults), and kprobes.
set -e
ds_prepare
mkdir -p w
truncate -s 128M w/big
ds_start json -j 1
ds_start lat -j --hits --latency --faults 1
ds_start kp -j --probes=kprobe 1
exec 3< w/big
dd if=w/big of=/dev/null bs=1M 2> /dev/null
dd if=/dev/zero of=w/big bs=1M count=128 conv=notrunc 2> /dev/null
# Two readers at once, 16 MiB per read: the window runs out under them and
# they also reclaim inline (the reader is waited for by pid: a bare `wait`
# would wait for daxstat too).
truncate -s 64M w/other
dd if=w/other of=/dev/null bs=16M 2> /dev/null &
other=$!
dd if=w/big of=/dev/null bs=16M 2> /dev/null
wait $other
fio --name=mmap --filename=w/big --ioengine=mmap --rw=randread --bs=4k \
	--size=128M --io_size=8M --randseed=7 > "$DS/out/fio.txt" 2>&1
exec 3<&-
ds_stop json
ds_stop lat
ds_stop kp
ds_save
