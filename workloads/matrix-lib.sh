# shellcheck shell=bash
# Helpers for workloads/run-matrix.sh: sizes, the workload table, checks.
# Source it; every function only computes (nothing boots or builds).

WORKLOADS_LIST=$DS_ROOT/workloads/workloads.list

# bytes -> the shortest exact SIZE (2097152 -> 2M), used in names.
ds_size_name() {
	local b=$1 s
	for s in G:30 M:20 K:10; do
		if [ "$b" -ge $((1 << ${s#*:})) ] && [ $((b % (1 << ${s#*:}))) -eq 0 ]; then
			echo "$((b >> ${s#*:}))${s%:*}"
			return
		fi
	done
	echo "$b"
}

# ds_check_scale: the scale.env values a matrix uses, each a positive size
# or count (DS_RAMP may be 0); prints the first bad one and fails.
ds_check_scale() {
	local v b
	for v in DS_SIZE DS_APPEND_SIZE DS_GUEST_MEM; do
		b=$(ds_bytes "${!v}") && [ "$b" -gt 0 ] ||
			{ echo "bad $v: ${!v} (a size greater than 0, K/M/G suffix)"; return 1; }
	done
	for v in DS_RUNTIME DS_IODEPTH DS_LOG_MSEC; do
		[[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bad $v: ${!v} (a whole number greater than 0)"; return 1; }
	done
	[[ $DS_RAMP =~ ^[0-9]+$ ]] || { echo "bad DS_RAMP: $DS_RAMP (a whole number of seconds)"; return 1; }
	[[ $DS_DAXSTAT_INTERVAL =~ ^[0-9]*\.?[0-9]+$ ]] && [[ $DS_DAXSTAT_INTERVAL =~ [1-9] ]] ||
		{ echo "bad DS_DAXSTAT_INTERVAL: $DS_DAXSTAT_INTERVAL (seconds greater than 0)"; return 1; }
}

ds_is_pow2() { [ "$1" -gt 0 ] && [ $(($1 & ($1 - 1))) -eq 0 ]; }

# ds_config_parse NAME: a config's name as run-matrix.sh makes it
# (dax-wWINDOW-rRANGE-MODULES[-cache-MODE], none-MODULES[-cache-MODE]) ->
# "NAME MODE WINDOW_BYTES RANGE_BYTES MODULES CACHE"; else the reason.
ds_config_parse() {
	local re='^(dax-w([0-9]+[KMG])-r([0-9]+[KMG])|none)-(stock|patched)(-cache-(auto|always|none))?$'
	local w=0 r=0 mode=none
	[[ $1 =~ $re ]] || {
		echo "unknown config: $1 (dax-wSIZE-rSIZE-stock|patched[-cache-auto|always], none-stock|patched[-cache-...])"
		return 1
	}
	if [ -n "${BASH_REMATCH[2]}" ]; then
		mode=dax w=$(ds_bytes "${BASH_REMATCH[2]}") r=$(ds_bytes "${BASH_REMATCH[3]}")
		ds_is_pow2 "$w" && ds_is_pow2 "$r" || { echo "$1: window and range must be powers of two"; return 1; }
		[ "$w" -ge "$r" ] || { echo "$1: the window is smaller than one range"; return 1; }
	fi
	echo "$1 $mode $w $r ${BASH_REMATCH[4]} ${BASH_REMATCH[6]:-none}"
}

# The table's lines without comments: name group job engine files size fresh.
ds_workload_rows() { grep -v '^[[:space:]]*\(#\|$\)' "$WORKLOADS_LIST"; }

# ds_select_workloads SPEC: the names SPEC selects, in the table's order.
# SPEC is a comma list of names, groups (basic, dax), "all", or globs
# ('randread-*'). Fails naming the first item that selects nothing.
ds_select_workloads() {
	local spec=$1 item name group hit picked=' ' sel=()
	local -a items
	IFS=, read -r -a items <<< "$spec"
	[ ${#items[@]} -gt 0 ] || { echo "no workloads given" >&2; return 1; }
	for item in "${items[@]}"; do
		hit=
		while read -r name group _; do
			# shellcheck disable=SC2053 # item may be a glob on purpose
			if [ "$item" = all ] || [ "$item" = "$group" ] || [[ $name == $item ]]; then
				hit=1
				[[ $picked == *" $name "* ]] || picked+="$name "
			fi
		done < <(ds_workload_rows)
		[ -n "$hit" ] || { echo "unknown workload: $item (see workloads/workloads.list)" >&2; return 1; }
	done
	# Table order, whatever the order of SPEC.
	while read -r name _; do
		[[ $picked == *" $name "* ]] && sel+=("$name")
	done < <(ds_workload_rows)
	echo "${sel[*]}"
}

# ds_workload_row NAME: "job engine files size fresh" of one workload.
ds_workload_row() {
	ds_workload_rows | awk -v n="$1" '$1 == n { print $3, $4, $5, $6, $7; exit }'
}

# ds_file_bytes SIZE_RULE FILES WINDOW_BYTES: bytes of each file of a cell.
ds_file_bytes() {
	local rule=$1 files=$2 window=$3 total
	case $rule in
	base) total=$(ds_bytes "$DS_SIZE") ;;
	append) total=$(ds_bytes "$DS_APPEND_SIZE") ;;
	window\*[0-9]*) total=$(awk -v w="$window" -v f="${rule#window\*}" 'BEGIN { printf "%d", w * f }') ;;
	*) echo "bad size rule in workloads.list: $rule" >&2; return 1 ;;
	esac
	# Whole 4 KiB blocks per file.
	echo $((total / files / 4096 * 4096))
}

# Plan records, one cell a line, key=value words: cell, target (dax, none
# or tmpfs), workload, job, engine, files, file_bytes (0: the job sizes its
# own files), fresh (1: files laid out by the cell itself), repeat. The
# guest's reader is workloads/guest/run-cells.sh.
# ds_plan_read LINE: each key of LINE as a variable of that name.
ds_plan_read() {
	local kv -
	set -f
	cell='' target='' workload='' job='' engine='' files='' file_bytes='' fresh='' repeat=''
	for kv in $1; do
		case ${kv%%=*} in
		cell | target | workload | job | engine | files | file_bytes | fresh | repeat)
			printf -v "${kv%%=*}" '%s' "${kv#*=}" ;;
		*) die "plan record with an unknown key: $kv" ;;
		esac
	done
}
# ds_plan_cells < PLAN: the cells of the records, one a line.
ds_plan_cells() { sed -n 's/^cell=\([^ ]*\).*/\1/p'; }

# ds_job_for_share SRC DST: a user's fio job file, unchanged but for where
# its files go: directory= lines are dropped (the runner passes --directory,
# the share or the guest's tmpfs) and absolute filename= paths keep only
# their base names, so a community job written for /mnt/virtiofs runs as is.
ds_job_for_share() {
	awk '
	/^[[:space:]]*directory[[:space:]]*=/ { next }
	/^[[:space:]]*filename[[:space:]]*=/ {
		v = $0
		sub(/^[^=]*=[[:space:]]*/, "", v)
		n = split(v, p, ":")
		out = ""
		for (i = 1; i <= n; i++) {
			sub(/.*\//, "", p[i])
			out = out (i > 1 ? ":" : "") p[i]
		}
		print "filename=" out
		next
	}
	{ print }' "$1" > "$2"
}

# ds_job_defaults: the fio options a user's job runs with ahead of its own,
# as the community's virtio-fs runner passes them on fio's command line:
# options before the job file are defaults that the job's own settings
# override, so a job that carries no size, runtime or queue depth gets the
# suite's scale (scale.env) and one that does keeps its own.
ds_job_defaults() {
	echo "--size=$DS_SIZE --runtime=$DS_RUNTIME --ramp_time=$DS_RAMP --time_based" \
		"--iodepth=$DS_IODEPTH"
}

# ds_job_check FILE: fio's own verdict on a job file, with the command line
# the guest will use (ds_job_defaults, run where its files would go); on
# refusal, fio's reason on one line, status 1.
ds_job_check() {
	local dir out
	dir=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-jobcheck.XXXXXX")
	# shellcheck disable=SC2046 # the defaults are words
	if out=$(cd "$dir" && fio --parse-only $(ds_job_defaults) --directory="$dir" "$1" 2>&1); then
		rm -rf "$dir"
		return 0
	fi
	rm -rf "$dir"
	# fio's first own line: not its lists of valid values, hints or the
	# "job dropped" follow-up.
	out=$(grep -v -e '^[[:space:]]' -e '^Did you mean' -e 'dropped$' -e '^$' <<< "$out" | head -n 1)
	echo "${out:-fio --parse-only failed}"
	return 1
}

# ds_job_engine FILE: the job's last ioengine= (fio's default: psync).
ds_job_engine() {
	sed -n 's/^[[:space:]]*ioengine[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$1" |
		tail -n 1 | grep . || echo psync
}

# ds_job_seconds FILE: the seconds a job asks for (every runtime= and
# ramp_time= added up, s/m/h suffixes; the defaults' where it sets none),
# for the guest's time limit.
ds_job_seconds() {
	sed -n 's/^[[:space:]]*\(runtime\|ramp_time\)[[:space:]]*=[[:space:]]*\([0-9]*\)\([smh]\?\).*/\2 \3/p' "$1" |
		awk -v d=$((DS_RUNTIME + DS_RAMP)) '{ m = $2 == "m" ? 60 : $2 == "h" ? 3600 : 1; t += $1 * m }
			END { print NR ? t : d }'
}

# ds_fail_unmapped_dax CELLS_DIR GUEST_STATS CACHE CELL...: no silent
# fallback. A dax cell that fio finished but for which virtiofsd mapped
# nothing into the window did not measure DAX: its status becomes failed,
# with the reason. With cache=none every cell maps its files afresh (the
# inode is evicted at its last close), so each cell's own counters
# (host-begin/host-end.stats) must show a FUSE_SETUPMAPPING; with other
# cache modes mappings outlive a cell, so only the guest's total counts.
# Cells without counters (a virtiofsd without them) are left as they are.
ds_fail_unmapped_dax() {
	local dir=$1 gstats=$2 cache=$3 cell st b e why
	shift 3
	for cell in "$@"; do
		st=$dir/$cell/status
		grep -q '^mode=dax$' "$dir/$cell/meta" 2> /dev/null && grep -q '^status=ok$' "$st" || continue
		why=''
		if [ "$cache" = none ]; then
			b=$(sed -n 's/^setup_requests=//p' "$dir/$cell/host-begin.stats" 2> /dev/null || true)
			e=$(sed -n 's/^setup_requests=//p' "$dir/$cell/host-end.stats" 2> /dev/null || true)
			[ -n "$b" ] && [ -n "$e" ] && [ "$e" -eq "$b" ] &&
				why="not DAX: virtiofsd mapped nothing into the window during this cell (FUSE_SETUPMAPPING requests: $b before, $e after)"
		else
			e=$(sed -n 's/^setup_requests=//p' "$gstats" 2> /dev/null || true)
			[ "$e" = 0 ] &&
				why="not DAX: virtiofsd mapped nothing into the window during the whole guest (FUSE_SETUPMAPPING requests: 0)"
		fi
		[ -n "$why" ] || continue
		sed -i -e 's/^status=ok$/status=failed/' -e "s|^reason=.*|reason=$why|" "$st"
	done
}
