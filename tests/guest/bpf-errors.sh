# daxstat error cases on a DAX mount with the stock module
# (tests/t-bpf-errors.sh). Each run's stdout, stderr and status go to out/.
set -e
ds_prepare
mkdir -p w
truncate -s 4M w/a
# A function inlined away, simulated with the test hook: refused, then
# traced in part with --partial (what needs the function is null; --latency
# counts iomap_begin calls).
export DAXSTAT_TEST_HIDE_FUNCS=fuse_setup_one_mapping
ds_run inlined 1 1
ds_start partial -j --partial --latency 1
dd if=w/a of=/dev/null bs=4k count=8 2> /dev/null
ds_stop partial
unset DAXSTAT_TEST_HIDE_FUNCS
# No permission to load BPF: an unprivileged user.
echo "nobody:x:65534:65534:nobody:/:/bin/sh" >> /etc/passwd
echo "nogroup:x:65534:" >> /etc/group
rc=0
su -s /bin/sh nobody -c "$DS/daxstat 1 1" > "$DS/out/noperm.out" 2> "$DS/out/noperm.err" || rc=$?
echo "$rc" > "$DS/out/noperm.rc"
# -m on a directory that is not a virtio-fs mount.
ds_run notmount -m /tmp 1 1
# Tracepoints asked for on a stock module.
ds_run notp --probes=tracepoints 1 1
ds_save
