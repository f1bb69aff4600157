# daxstat with a fuse.ko whose BTF was stripped (tests/t-bpf-errors.sh).
# Stock module: refused. Patched module: counts from raw tracepoints.
set -e
ds_prepare
mkdir -p w
truncate -s 4M w/a
ds_start nobtf -j --hits 1 || true
if [ -f "$DS/nobtf.pid" ] && kill -0 "$(cat "$DS/nobtf.pid")" 2> /dev/null; then
	dd if=w/a of=/dev/null bs=4k count=8 2> /dev/null
	ds_stop nobtf
else
	wait "$(cat "$DS/nobtf.pid")" || echo $? > "$DS/out/nobtf.rc"
fi
ds_save
