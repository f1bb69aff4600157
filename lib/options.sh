# Command-line options from a table, for the glue scripts (vm/launch.sh,
# workloads/run-matrix.sh). Sourced by lib/common.sh.
# shellcheck shell=bash

# ds_parse_options "$@": the caller declares two associative arrays first,
#   DS_OPT_VALUE: option -> the variable its value goes to; a name ending
#                 in [] appends to that array (a repeatable option)
#   DS_OPT_FLAG:  option -> the variable set to 1 when it is given
# and a function ds_opt_error MSG (print, exit 2). Words after "--" go to
# the array DS_OPT_REST.
ds_parse_options() {
	local opt var
	DS_OPT_REST=()
	while [ $# -gt 0 ]; do
		opt=$1
		if [ "$opt" = -- ]; then
			shift
			DS_OPT_REST=("$@")
			return 0
		fi
		if [ -n "${DS_OPT_FLAG[$opt]:-}" ]; then
			printf -v "${DS_OPT_FLAG[$opt]}" 1
			shift
			continue
		fi
		var=${DS_OPT_VALUE[$opt]:-}
		[ -n "$var" ] || ds_opt_error "unknown argument: $opt"
		[ $# -ge 2 ] || ds_opt_error "$opt needs a value"
		if [[ $var == *'[]' ]]; then
			local -n ds_opt_array=${var%[]}
			ds_opt_array+=("$2")
			unset -n ds_opt_array
		else
			printf -v "$var" '%s' "$2"
		fi
		shift 2
	done
}
