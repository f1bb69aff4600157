# The one place that finds each built thing. A builder script (the table
# below) builds what is missing and prints where its output is; ds_resolve
# asks it once per run and keeps the answer in an exported DS_BUILT_<NAME>,
# so child scripts of the same run read the variable instead of asking again.
# Sourced by lib/common.sh.
# shellcheck shell=bash

declare -A DS_BUILDERS=(
	[qemu]=vm/build-qemu.sh
	[image]=vm/build-image.sh
	[sysimage]=vm/build-sysimage.sh
	[modules]=kernel/build-modules.sh
	[collectors]=collectors/build.sh
	[report]=reports/build-report.sh
	[fuzz]=reports/fuzz/build.sh
	[tools]=lib/build-tools.sh
	[sim]=sim/build.sh
)
# Environment a builder's answer depends on: a remembered answer is reused
# only while these are as they were.
declare -A DS_BUILT_DEPENDS=(
	[image]=DS_KERNEL_FLAVOR
	[sysimage]=DS_KERNEL_FLAVOR
	[modules]=DS_KERNEL_FLAVOR
	[collectors]="DS_KERNEL_FLAVOR DS_SANITIZE"
	[report]=DS_SANITIZE
)

# ds_resolve NAME...: set and export DS_BUILT_<NAME> (a path) for each NAME,
# building it if needed. Not in a subshell: call it, then read the variable.
ds_resolve() {
	local name var ctx v path
	for name in "$@"; do
		[ -n "${DS_BUILDERS[$name]:-}" ] || die "ds_resolve: nothing is built under the name $name"
		var=DS_BUILT_${name^^}
		ctx=
		for v in ${DS_BUILT_DEPENDS[$name]:-}; do ctx+="$v=${!v:-};"; done
		# The variable holds "CONTEXT|PATH".
		if [ -n "${!var:-}" ] && [ "${!var%%|*}" = "$ctx" ] && [ -e "${!var#*|}" ]; then
			continue
		fi
		path=$(bash "$DS_ROOT/${DS_BUILDERS[$name]}") || return 1
		[ -n "$path" ] || return 1
		printf -v "$var" '%s|%s' "$ctx" "$path"
		export "${var?}"
	done
}

# ds_built NAME: the path ds_resolve found (resolving it first if needed).
# Use as $(ds_built NAME) only after ds_resolve NAME ran in this shell or a
# parent, or the answer is not kept.
ds_built() {
	local var=DS_BUILT_${1^^}
	ds_resolve "$1" || return 1
	echo "${!var#*|}"
}
