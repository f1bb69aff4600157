# Runs inside the guest (busybox sh), in the share, started by
# workloads/run-matrix.sh. Every line of ./plan is one cell, a record of
# key=value words (workloads/matrix-lib.sh): cell, target, workload, job,
# engine, files, file_bytes, fresh, repeat. Target dax or none: files on
# the share; tmpfs: files on the guest's /tmp.
# Each cell leaves cells/CELL/{fio.json,fio.log,fio_bw.N.log,status}; a
# failed cell is recorded and the next one runs. Around each cell the host is
# asked to snapshot virtiofsd's counters (sync/N.req, answered by sync/N.ack).
set -u
# Free memory before anything runs: against a guest without a window, what
# the window's struct pages cost (the runner's window-memory). Pages parked
# in the per-CPU lists are free too, but MemFree leaves them out, and their
# number varies from boot to boot by about a MiB: add them (4 KiB pages).
pcp_kb=$(awk '/^ +count:/ { n += $2 } END { print n * 4 }' /proc/zoneinfo)
mem_free_kb=$(($(sed -n 's/^MemFree: *\([0-9]*\).*/\1/p' /proc/meminfo) + pcp_kb))
. ./cells.env
share=$(pwd)
mkdir -p sync data cells

seq=0
# The host sends virtiofsd SIGUSR1 and copies its counters, so each cell gets
# its own setup/remove counts; it also prints the progress line. tmpfs cells
# have no counters to take: the host is only told (no wait). A host that does
# not answer costs 30 s once; after that the run goes on without counters.
host_ok=1
host_sync() { # begin|end|done|skip CELL
	[ $host_ok = 1 ] || return 0
	seq=$((seq + 1))
	echo "$1 $2" > "sync/$seq.tmp" && mv "sync/$seq.tmp" "sync/$seq.req"
	case $1 in begin | end) ;; *) return 0 ;; esac
	i=0
	while [ ! -e "sync/$seq.ack" ]; do
		i=$((i + 1))
		[ $i -le 600 ] || { echo "run-cells: host did not answer sync $seq"; host_ok=0; return 0; }
		sleep 0.05
	done
}

{
	echo "fio=$(fio --version)"
	echo "kernel=$(uname -r)"
	echo "mount=$(grep ' /mnt/share ' /proc/mounts)"
	echo "cpus=$(grep -c ^processor /proc/cpuinfo)"
	echo "mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
	echo "mem_free_kb=$mem_free_kb"
} > guest-info 2>&1

# One daxstat for the whole guest (loading BPF under TCG takes seconds, too
# long to repeat per cell); the report cuts its lines by each cell's times.
# A child that has exited stays a zombie until waited for: kill -0 would
# still succeed on it.
alive() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]; }

dpid=
if [ -x ./collector/daxstat ] && grep -q ' /mnt/share virtiofs .*dax=always' /proc/mounts; then
	rec=''
	# Every reference: make tune validates daxsim on full recordings.
	[ -z "${DS_RECORD:-}" ] || rec="--record $DS_RECORD --sample 1"
	# shellcheck disable=SC2086 # options are words
	./collector/daxstat $rec $DS_DAXSTAT_ARGS > daxstat.jsonl 2> daxstat.err < /dev/null &
	dpid=$!
	i=0
	while [ ! -s daxstat.jsonl ] && alive $dpid && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	alive $dpid || { echo "run-cells: daxstat exited: $(tail -n 1 daxstat.err)"; dpid=; }
fi

data_dir() { if [ "$1" = tmpfs ]; then echo /tmp/dsdata; else echo "$share/data"; fi; }

# plan_read LINE: the record's keys as variables (files and file_bytes as
# nfiles and fbytes); no globbing of its words.
plan_read() {
	cell='' target='' workload='' job='' engine='' nfiles='' fbytes='' fresh=''
	set -f
	for kv in $1; do
		case $kv in
		cell=*) cell=${kv#cell=} ;;
		target=*) target=${kv#target=} ;;
		workload=*) workload=${kv#workload=} ;;
		job=*) job=${kv#job=} ;;
		engine=*) engine=${kv#engine=} ;;
		files=*) nfiles=${kv#files=} ;;
		file_bytes=*) fbytes=${kv#file_bytes=} ;;
		fresh=*) fresh=${kv#fresh=} ;;
		repeat=*) ;;
		*) echo "run-cells: plan record with an unknown key: $kv" ;;
		esac
	done
	set +f
}

# Lay out the reused files (named by size, shared by the workloads of that
# size) before the first cell, so that no cell measures file creation. fio
# names a job's file FILE.JOBNUM, from 0.
while read -r line; do
	plan_read "$line"
	[ "$fresh" = 0 ] && echo "$target $nfiles $fbytes"
done < plan | sort -u | while read -r target nfiles fbytes; do
	ddir=$(data_dir "$target")
	mkdir -p "$ddir"
	bs=4096
	[ $((fbytes % 1048576)) -eq 0 ] && bs=1048576
	i=0
	while [ $i -lt "$nfiles" ]; do
		f=$ddir/d$fbytes.$i
		if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" != "$fbytes" ]; then
			dd if=/dev/zero of="$f" bs=$bs count=$((fbytes / bs)) 2> /dev/null ||
				echo "run-cells: laying out $f failed"
		fi
		i=$((i + 1))
	done
done

# fio puts a job's errno in its JSON (19 is ENODEV) and the text on stderr.
enodev() {
	grep -q '"error" : 19,' "$1/fio.json" 2> /dev/null || grep -q 'No such device' "$1/fio.log"
}

unsupported=' '
while read -r line; do
	case $line in '' | '#'*) continue ;; esac
	plan_read "$line"
	cdir=$share/cells/$cell
	mkdir -p "$cdir"
	ddir=$(data_dir "$target")
	mkdir -p "$ddir"
	if [ "$fresh" = 1 ]; then
		file=$ddir/$workload
		rm -f "$file".*
	else
		file=$ddir/d$fbytes
	fi
	# O_DIRECT only for libaio (asynchronous only with it); the guest's 6.1
	# tmpfs has no O_DIRECT.
	direct=0
	[ "$engine" = libaio ] && [ "$target" != tmpfs ] && direct=1

	# Linux 6.1 refuses shared mmap of a cache=none (direct-I/O) file with
	# ENODEV: after the first refusal, later repeats are not run again.
	mmap_reason="shared mmap of a cache=none (direct-I/O) file is refused with ENODEV (No such device) by Linux 6.1"
	case $unsupported in
	*" $workload "*)
		printf 'status=unsupported\nreason=%s\nsecs=0\nrc=0\n' "$mmap_reason" > "$cdir/status"
		host_sync skip "$cell"
		continue ;;
	esac

	# The cell's wall time, handshakes included, against which the host
	# sets fio's own runtime (the share of time spent measuring). read is
	# a builtin: no process per timestamp.
	# A dax cell on a share that is not mounted dax=always would measure
	# the page cache or FUSE reads, not the window: refuse to call it dax.
	if [ "$target" = dax ] && ! grep -q " $share virtiofs .*dax=always" /proc/mounts; then
		printf 'status=failed\nreason=%s\nsecs=0\nrc=0\n' \
			"not DAX: the share is not mounted with dax=always ($(grep " $share " /proc/mounts))" \
			> "$cdir/status"
		host_sync skip "$cell"
		continue
	fi
	read -r cell_begin _ < /proc/uptime
	# Wall clock (the guest's RTC is the host's): the report orders the
	# boots of a run in time.
	started=$(date +%s)
	[ "$target" = tmpfs ] || host_sync begin "$cell"
	t0=$(cut -d' ' -f1 /proc/uptime)
	case $job in
	user/*)
		# A user's job file: its files in a fresh directory of their own,
		# the suite's scale for what it leaves out (DS_JOB_DEFAULTS, ahead
		# of the job so that its own settings win), the bandwidth log added
		# from the command line.
		rm -rf "$ddir/$workload"
		mkdir -p "$ddir/$workload"
		# shellcheck disable=SC2086 # the defaults are words
		fio --output-format=json+ --output="$cdir/fio.json" --directory="$ddir/$workload" \
			$DS_JOB_DEFAULTS --write_bw_log="$cdir/fio" --log_avg_msec="$DS_LOG_MSEC" "jobs/$job" \
			> "$cdir/fio.log" 2>&1 < /dev/null ;;
	*)
	DS_FILE=$file DS_FILE_SIZE=$fbytes DS_NFILES=$nfiles DS_ENGINE=$engine DS_DIRECT=$direct \
		DS_BWLOG=$cdir/fio DS_RUNTIME=$DS_RUNTIME DS_RAMP=$DS_RAMP DS_IODEPTH=$DS_IODEPTH \
		DS_LOG_MSEC=$DS_LOG_MSEC \
		fio --output-format=json+ --output="$cdir/fio.json" "jobs/$job.fio" \
		> "$cdir/fio.log" 2>&1 < /dev/null ;;
	esac
	rc=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	if [ $rc -eq 0 ] && [ -s "$cdir/fio.json" ]; then
		status=ok reason=
	elif [ "$target" = none ] && [ "$engine" = mmap ] && enodev "$cdir"; then
		status=unsupported reason=$mmap_reason
		unsupported="$unsupported$workload "
		rm -f "$cdir/fio.json" "$cdir"/fio_bw.*.log
	else
		status=failed
		reason=$(grep -m 1 -iE 'error|fio: ' "$cdir/fio.log" || tail -n 1 "$cdir/fio.log")
		reason=${reason:-fio exited $rc}
	fi
	printf 'status=%s\nreason=%s\nsecs=%s\nrc=%s\n' "$status" "$reason" "$secs" "$rc" > "$cdir/status"
	if [ "$target" = tmpfs ]; then host_sync "done" "$cell"; else host_sync end "$cell"; fi
	read -r cell_end _ < /proc/uptime
	printf 'cell_begin=%s\ncell_end=%s\nstarted=%s\n' "$cell_begin" "$cell_end" "$started" >> "$cdir/status"
	# After the snapshot: dropping the file's mappings is not the cell's work.
	[ "$fresh" = 1 ] && rm -f "$file".*
	case $job in user/*) rm -rf "${ddir:?}/$workload" ;; esac
done < plan

if [ -n "$dpid" ]; then
	# SIGINT makes daxstat print its summary line and exit.
	kill -INT $dpid 2> /dev/null
	i=0
	while alive $dpid && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	alive $dpid && kill -KILL $dpid
	wait $dpid 2> /dev/null
	[ -z "${DS_RECORD:-}" ] || [ ! -s "$DS_RECORD" ] || cp "$DS_RECORD" dax.rec ||
		echo "run-cells: copying the recording failed"
fi
rm -rf data /tmp/dsdata
exit 0
