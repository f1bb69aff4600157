#!/usr/bin/env bash
# watch/plot-dashboard.sh URL START END PNG [NAME=INSTANCE...]: every panel
# of the shipped Grafana dashboard drawn with gnuplot (watch/dashboard.gp)
# from Prometheus' range queries over [START, END] (epoch seconds), one line
# per series, named by the panel's legend format with each INSTANCE shown
# as its NAME: for those without a Grafana at hand. Prints "N series: TITLE"
# per panel, then the PNG's path.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/watch/watch-lib.sh"
[ $# -ge 4 ] || { echo "usage: watch/plot-dashboard.sh URL START END PNG [NAME=INSTANCE...]" >&2; exit 2; }
WATCH_PROM_URL=$1 start=$2 end=$3 png=$4
shift 4
names='{}'
for a in "$@"; do
	[[ $a == ?*=?* ]] || die "bad NAME=INSTANCE: $a"
	names=$(jq --arg i "${a#*=}" --arg n "${a%%=*}" '. + {($i): $n}' <<< "$names")
done
[[ $start =~ ^[0-9]+$ && $end =~ ^[0-9]+$ && $end -gt $start ]] || die "bad time span: $start .. $end"
dash=$WATCH_CONTRIB/grafana/daxscope-dashboard.json
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
step=$(( (end - start) / 300 ))
[ "$step" -ge 5 ] || step=5

# Units of the panels (Grafana's) as a scale and an axis label.
unit_axis() {
	case $1 in
	percentunit) echo "100 %" ;;
	bytes) echo "9.5367431640625e-07 MiB" ;;
	s) echo "1000 ms" ;;
	ops) echo "1 per second" ;;
	*) echo "1 $1" ;;
	esac
}
np=$(jq '.panels | length' "$dash")
{
	echo "np = $np"
	echo "array ptitle[np]; array pylabel[np]; array pscale[np]; array nblk[np]"
	for ((p = 1; p <= np; p++)); do
		read -r scale axis < <(unit_axis "$(jq -r ".panels[$((p - 1))].fieldConfig.defaults.unit // \"-\"" "$dash")")
		title=$(jq -r ".panels[$((p - 1))].title" "$dash")
		printf 'ptitle[%d] = "%s"\npylabel[%d] = "%s"\npscale[%d] = %s\n' \
			"$p" "${title//\"/}" "$p" "$axis" "$p" "$scale"
	done
} > "$dir/panels.gp"
# Each query's series append to their panel's data file, one block each.
declare -A blocks=()
while IFS=$'\t' read -r p _ expr legend; do
	ds_prom_api /api/v1/query_range --data-urlencode "query=$expr" -d "start=$start" -d "end=$end" \
		-d "step=$step" > "$dir/range.json" || die "range query failed: $expr"
	jq -r --arg leg "$legend" --argjson t0 "$start" --argjson names "$names" '.data.result[] |
		.metric as $m0 | ($m0 + {instance: ($names[$m0.instance // ""] // $m0.instance)}) as $m |
		($leg | gsub("\\{\\{ *(?<k>[a-zA-Z_]+) *\\}\\}"; ($m[.k] // ""))) as $t |
		"\"\($t | gsub("\""; "")) \"", (.values[] | "\((.[0] - $t0) / 60) \(.[1])"), "", ""' \
		"$dir/range.json" >> "$(printf '%s/panel%02d.dat' "$dir" "$p")"
	blocks[$p]=$((${blocks[$p]:-0} + $(jq '.data.result | length' "$dir/range.json")))
done < <(ds_dashboard_queries "$step")
for ((p = 1; p <= np; p++)); do
	touch "$(printf '%s/panel%02d.dat' "$dir" "$p")"
	echo "nblk[$p] = ${blocks[$p]:-0}" >> "$dir/panels.gp"
	echo "${blocks[$p]:-0} series: $(jq -r ".panels[$((p - 1))].title" "$dash")"
done
gnuplot -e "dir='$dir'; out='$png'" "$DS_ROOT/watch/dashboard.gp" 2> "$dir/gnuplot.err" ||
	die "gnuplot failed: $(head -n 1 "$dir/gnuplot.err")"
[ -s "$png" ] || die "gnuplot wrote no $png"
echo "$png"
