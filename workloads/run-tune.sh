#!/usr/bin/env bash
# make tune: which window and which range size. Two sweeps into one results
# directory and one report:
#  - windows DS_TUNE_WINDOWS (2M ranges, stock modules) over a fixed working
#    set of DS_TUNE_SIZE, with mode none and tmpfs for reference: the cliff
#    where the working set outgrows the window;
#  - range sizes DS_TUNE_RANGES on a DS_TUNE_RANGE_WINDOW window (the same
#    working sets, and ws-2x) with the patched modules
#    (kernel/build-modules.sh) and their dax_range mount option. The stock Linux 6.1 modules map 2M ranges only:
#    without dax_range support this sweep is skipped, and the report says so.
#   workloads/run-tune.sh [--repeats N] [--kernel FILE [--kernel-modules DIR]]
# With --kernel (a user's kernel) the range sweep is skipped: the patched
# modules are built for the image's kernel.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
# The tune's own cell length and repeats (scale.env); a DS_RUNTIME or
# DS_REPEATS from the environment still wins.
user_runtime=${DS_RUNTIME:-} user_repeats=${DS_REPEATS:-}
. "$DS_ROOT/workloads/scale.env"
export DS_RUNTIME=${user_runtime:-$DS_TUNE_RUNTIME} DS_REPEATS=${user_repeats:-$DS_TUNE_REPEATS}

# Fixed-size workloads: the ws-* ones grow with the window, which would
# keep their ratio constant.
workloads=${DS_TUNE_WORKLOADS:-randread-psync-1f,randread-mmap-1f,randrw-psync-1f}
# Resolved once here; both matrices below read them from the environment.
# QEMU and virtiofsd are the matrix's to find (the suite's, or --qemu/--virtiofsd).
ds_resolve image report || die "the guest image or the report tools did not build"
if [ "${DS_DAXSTAT:-auto}" != off ] && ! ds_resolve collectors; then
	log "collectors/daxstat did not build: running without it"
	export DS_DAXSTAT=off
fi
# DS_RESULTS_DIR: where results go (default results/ of the tree).
out=${DS_RESULTS_DIR:-$DS_ROOT/results}/$(date +%Y%m%d-%H%M%S)-tune
# Each dax guest records its references, so the report can put daxsim's
# predictions beside what each window and range measured.
rec=()
[ "${DS_DAXSTAT:-auto}" = off ] || rec=(--record)
rc=0
log "window sweep: $DS_TUNE_WINDOWS over $DS_TUNE_SIZE"
DS_SIZE=$DS_TUNE_SIZE "$DS_ROOT/workloads/run-matrix.sh" --out "$out" \
	--modes dax,none,tmpfs --windows "$DS_TUNE_WINDOWS" --workloads "$workloads" "${rec[@]}" "$@" || rc=$?

mods=''
if [ "$DS_TUNE_RANGES" = off ]; then
	log "range sweep skipped: DS_TUNE_RANGES=off"
elif [[ " $* " == *" --kernel "* ]] || [ "${DS_KERNEL_FLAVOR:-amd64}" != amd64 ]; then
	log "range sweep skipped: the patched modules are built for Debian's amd64 kernel," \
		"not --kernel or DS_KERNEL_FLAVOR=${DS_KERNEL_FLAVOR:-amd64}"
elif ds_resolve modules 2> /dev/null && mods=$(ds_built modules) && grep -qa dax_range "$mods/fuse.ko"; then
	log "range sweep: $DS_TUNE_RANGES on a $DS_TUNE_RANGE_WINDOW window (patched modules)"
	# ws-2x too: reclaim at every range size (once, if already asked for).
	range_workloads=$workloads
	[[ ",$workloads," == *,ws-2x,* ]] || range_workloads+=,ws-2x
	DS_SIZE=$DS_TUNE_SIZE "$DS_ROOT/workloads/run-matrix.sh" --out "$out" --append \
		--modes dax --windows "$DS_TUNE_RANGE_WINDOW" --ranges "$DS_TUNE_RANGES" --modules patched \
		--patched-modules "$mods" --workloads "$range_workloads" "${rec[@]}" "$@" || rc=$?
else
	log "range sweep skipped: the patched modules (kernel/build-modules.sh) have no dax_range" \
		"option; with the stock modules only 2M ranges are possible"
fi
# The model against the sweep (sim/README.md): predicted beside measured for
# every window and range, into the report and on the terminal. A prediction
# off by more than its tolerance is a finding about the model, not a failed
# tune.
if [ ${#rec[@]} -gt 0 ]; then
	if ! ds_resolve sim; then
		log "daxsim did not build: no predictions"
	elif ls "$out"/guests/*/dax.rec > /dev/null 2>&1; then
		"$(ds_built sim)/daxsim" --validate "$out" -j --curve > "$out/validate.jsonl" || true
		"$(ds_built sim)/daxsim" --validate "$out" | tee "$out/validate.txt" ||
			log "some predictions are off by more than their tolerance (validate.txt)"
	else
		log "no guest left a recording: no predictions"
	fi
fi
sed -n 's/^accelerator=/accelerator: /p' "$out/manifest" 2> /dev/null || true
# The report, once; its opening printed from the same model.
[ ! -f "$out/cells.list" ] || "$DS_ROOT/reports/make-report.sh" "$out" --opening || rc=$?
echo "results: $out"
exit $rc
