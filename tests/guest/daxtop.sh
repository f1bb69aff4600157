# daxtop's per-file answers (tests/t-daxtop.sh): a 16 MiB window (8 ranges),
# three files held open (fd 3-5, so nothing is evicted before the end):
# a (4 MiB, 2 ranges) and b (2 MiB, 1 range) read once, c (32 MiB, 16
# ranges) read twice, which thrashes the window. Closing them at the end
# evicts what is left; before c is read, a and b hold their ranges. daxtop
# -j -m watches, and daxstat in its default
# mode for the totals. Each dd's pid goes to out/pids.
set -e
ds_prepare
mkdir -p w
truncate -s 4M w/a
truncate -s 2M w/b
truncate -s 32M w/c
DS_TOOL=daxtop ds_start top -j -m /mnt/share 1
ds_start stat -j 1
exec 3< w/a 4< w/b 5< w/c
# read_as NAME FILE: dd in the background, its pid recorded.
read_as() {
	dd if="$2" of=/dev/null bs=1M 2> /dev/null &
	echo "$1 $!" >> "$DS/out/pids"
	wait $!
}
read_as a w/a
read_as b w/b
# a and b open and read, c not yet: a refresh of daxtop 2 s on shows them
# holding all their ranges. out/open-line: the number of its last line then.
sleep 3
wc -l < "$DS/out/top.out" > "$DS/out/open-line"
read_as c1 w/c
read_as c2 w/c
exec 3<&- 4<&- 5<&-
ds_stop top
ds_stop stat
ds_save
