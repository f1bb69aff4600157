# In-guest helpers for the daxstat tests (busybox sh). The host test puts
# this file and its own steps into one script given to vm/launch.sh --script,
# so the script itself lives in the initramfs: reading it from the share
# would set up DAX mappings that daxstat cannot see.
#
# The share's bin/ holds daxstat, daxtop and lib/. Copying them to /tmp maps their
# DAX ranges before anything is traced; with cache=none, closing a file drops
# its dentry and inode, so those ranges are removed right away, also before
# tracing starts. The host test adds exactly these to its expectations.
# Results are written to /tmp and copied to the share's out/ only after
# daxstat stopped: new files are extending writes (FUSE_WRITE), never DAX.

DS=/tmp/ds

ds_prepare() {
	mkdir -p "$DS/out"
	cp -r bin/. "$DS/"
}

# ds_start NAME [ARGS...]: daxstat (or $DS_TOOL) ARGS in the background,
# stdout and stderr to $DS/out/NAME.out and NAME.err; returns once it has
# attached.
ds_start() {
	local name=$1 i=0 tool=${DS_TOOL:-daxstat}
	shift
	"$DS/$tool" "$@" > "$DS/out/$name.out" 2> "$DS/out/$name.err" &
	echo $! > "$DS/$name.pid"
	while ! grep -q "^$tool: tracing" "$DS/out/$name.err"; do
		if ! kill -0 "$(cat "$DS/$name.pid")" 2>/dev/null; then
			echo "daxstat $name died: $(cat "$DS/out/$name.err")"
			return 1
		fi
		i=$((i + 1))
		[ $i -lt 600 ] || { echo "daxstat $name did not attach"; return 1; }
		sleep 0.1
	done
}

# ds_stop NAME [SIGNAL]: signal it (INT by default) and record its status.
ds_stop() {
	local pid rc=0
	pid=$(cat "$DS/$1.pid")
	kill "-${2:-INT}" "$pid"
	wait "$pid" || rc=$?
	echo "$rc" > "$DS/out/$1.rc"
}

# ds_run NAME [ARGS...]: daxstat in the foreground (error cases).
ds_run() {
	local name=$1 rc=0
	shift
	"$DS/daxstat" "$@" > "$DS/out/$name.out" 2> "$DS/out/$name.err" || rc=$?
	echo "$rc" > "$DS/out/$name.rc"
}

ds_save() {
	mkdir -p out
	cp "$DS"/out/* out/
}
