# shellcheck shell=bash
# Shared by the report tests: stored fixtures relabelled as if their
# repeats had run in several guest boots.

# relabel RUN HOW [NONE_START]: boot= into every meta, started= into every
# status. Boot id: the guest's number x 10 + the boot's number within the
# guest; tmpfs cells ran in the dax guest, so they share its boots. HOW:
# spread (boot = repeat), grouped (repeats 1-2, then 3-), one (all one boot,
# as the run really was). Boot b of the dax guest starts at 100 b; of the
# none guest at NONE_START + 100 b (default 50: interleaved).
relabel() {
	local run=$1 how=$2 none0=${3:-50} c g r b s
	declare -A gi=()
	while read -r c; do
		g=$(sed -n 's/^guest=//p' "$run/cells/$c/meta")
		[ -n "${gi[$g]:-}" ] || gi[$g]=$((${#gi[@]} + 1))
		r=${c##*/}
		case $how in
		spread) b=$r ;;
		grouped) b=$((r <= 2 ? 1 : 2)) ;;
		one) b=1 ;;
		esac
		echo "boot=$((gi[$g] * 10 + b))" >> "$run/cells/$c/meta"
		[[ $g == none* ]] && s=$((none0 + 100 * b)) || s=$((100 * b))
		echo "started=$s.$r" >> "$run/cells/$c/status"
	done < "$run/cells.list"
}
