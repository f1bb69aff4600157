# Runs inside the guest (busybox sh), in the shared directory.
# Usage: run-jobs.sh JOB.fio...   (environment: DS_SIZE, DS_RUNTIME)
# Each job writes JOB.json (fio json+) next to it; a failed job fails the run.
set -e
export DS_SIZE DS_RUNTIME
for job in "$@"; do
	name=${job%.fio}
	fio --output-format=json+ --output="$name.json" "$job" ||
		{ echo "fio job $job failed"; exit 1; }
	echo "done: $name"
done
