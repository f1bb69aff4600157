# shellcheck shell=bash
# The runner's command line: its usage and its parse (lib/options.sh).
# Sourced by workloads/run-matrix.sh.

matrix_usage() {
	echo "usage: workloads/run-matrix.sh [--modes dax,none,tmpfs] [--windows SIZE,...] [--ranges SIZE,...]
       [--modules stock|patched|stock,patched] [--patched-modules DIR] [--workloads SPEC]
       [--repeats N] [--boots N] [--configs NAME,...] [--daxstat auto|off] [--record] [--out DIR] [--append] [--dry-run]
       [--cache none,auto,always] [--job FILE.fio]... [--kernel FILE [--kernel-modules DIR|none]]
       [--qemu BIN] [--virtiofsd BIN]
  --cache: virtiofsd cache modes, for dax and none guests alike (default none);
           configs of a cache mode other than none are named ...-cache-MODE
  --workloads: names, groups (basic, dax), all, or globs, comma-separated (default all)
  --job: a fio job file of your own (repeatable), run unchanged in every mode as workload
         job-NAME, its files put on the share (or tmpfs); with --job, --workloads
         defaults to none of the built-in workloads
  --kernel: your own guest kernel (bzImage or vmlinux) and its modules, checked before
            anything boots (vm/user-kernel.sh); stock modules only
  --qemu, --virtiofsd: your own host stack (default: the suite's build; DS_QEMU,
            DS_VIRTIOFSD), probed before anything boots: a dax guest needs a
            vhost-user-fs-pci with cache-size and a virtiofsd offering the
            vhost-user shared-memory feature (vm/README.md)
  --repeats: cells per (config, workload), spread over --boots boots of each
           config (--boots at most --repeats; default \$DS_BOOTS)
  --configs: these configs instead of the cross product of modes, windows,
           ranges, modules and cache: names as the matrix gives them
           (dax-w64M-r2M-stock, none-patched-cache-auto, ...); a name given
           twice runs as two configs, the second named NAME.2 (an A/A test)
  --record: daxstat also records each dax guest's references (guests/ID/dax.rec,
            daxrec1, sim/README.md) for daxsim --validate
  --append: add this matrix's cells to the existing results directory --out
  defaults: --modes dax,none,tmpfs --windows \$DS_WINDOW --ranges \$DS_RANGE --modules stock
            --repeats \$DS_REPEATS (workloads/scale.env)"
}

ds_opt_error() { bad "$* (see --help)"; }

# matrix_options ARGS...: the command line, parsed; --help prints the usage
# and exits, a bad option is refused (bad, check.sh).
# Sets: modes windows ranges modules caches patched_dir spec spec_given
# repeats boots configs daxstat_opt out dry append record user_jobs kernel
# kmods; exports DS_QEMU and DS_VIRTIOFSD when --qemu/--virtiofsd are given.
# shellcheck disable=SC2034 # the later steps read what it sets
matrix_options() {
	# --no-report: accepted and ignored; the runner never renders (make report).
	local help='' no_report='' qemu_bin=${DS_QEMU:-} vfsd_bin=${DS_VIRTIOFSD:-}
	modes=dax,none,tmpfs windows=$DS_WINDOW ranges=$DS_RANGE modules=stock patched_dir=''
	spec='' repeats=$DS_REPEATS boots='' configs='' daxstat_opt=${DS_DAXSTAT:-auto} out='' dry='' append='' caches=none
	spec_given='' user_jobs=() kernel='' kmods='' record=''
	# Both tables are read by ds_parse_options.
	local -A DS_OPT_FLAG=([--help]=help [-h]=help [--no-report]=no_report [--dry-run]=dry [--append]=append
		[--record]=record)
	local -A DS_OPT_VALUE=([--modes]=modes [--windows]=windows [--ranges]=ranges [--modules]=modules
		[--patched-modules]=patched_dir [--workloads]=spec [--job]='user_jobs[]' [--kernel]=kernel
		[--kernel-modules]=kmods [--repeats]=repeats [--daxstat]=daxstat_opt [--out]=out [--cache]=caches
		[--qemu]=qemu_bin [--virtiofsd]=vfsd_bin [--boots]=boots [--configs]=configs)
	ds_parse_options "$@"
	[ ${#DS_OPT_REST[@]} -eq 0 ] || bad "unexpected arguments: ${DS_OPT_REST[*]} (see --help)"
	[ -z "$help" ] || { matrix_usage; exit 0; }
	if [ -n "$spec" ]; then spec_given=1; else spec=all; fi
	# The host stack of every guest (vm/host-stack-lib.sh), exported for the
	# launchers.
	[ -z "$qemu_bin" ] || export DS_QEMU=$qemu_bin
	[ -z "$vfsd_bin" ] || export DS_VIRTIOFSD=$vfsd_bin
}
