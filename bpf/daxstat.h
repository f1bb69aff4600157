/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat: the layout shared by bpf/daxstat.bpf.c and its loader
 * collectors/daxstat.c. Counters and log2 latency histograms for the
 * virtio-fs DAX window (fs/fuse/dax.c), kept in one per-CPU array entry so
 * that a program does a single map lookup.
 */
#ifndef DAXSTAT_H
#define DAXSTAT_H

/* Counters. The order is the ABI between the BPF side and the loader. */
enum ds_cnt {
	DS_C_IOMAP_BEGIN,	/* fuse_iomap_begin calls that returned */
	DS_C_MAPPED,		/* ... that returned a mapped extent */
	DS_C_HIT,		/* ... mapped without setting anything up
				 * (tracepoints; else mapped - new - upgrades) */
	DS_C_HOLE,		/* ... that returned a hole (beyond EOF) */
	DS_C_IOMAP_ERR,		/* ... that failed (incl. -EAGAIN on faults) */
	DS_C_SETUP_NEW,		/* FUSE_SETUPMAPPING for a new range, ok */
	DS_C_SETUP_UPGRADE,	/* FUSE_SETUPMAPPING read-only -> writable, ok */
	DS_C_SETUP_ERR,		/* FUSE_SETUPMAPPING that failed */
	DS_C_RM_REQ,		/* FUSE_REMOVEMAPPING requests */
	DS_C_RM_RANGES,		/* ranges in them */
	DS_C_RM_ERR,		/* requests that failed */
	DS_C_RECLAIM_INLINE,	/* ranges reclaimed by the task that needed one */
	DS_C_RECLAIM_BG,	/* ranges reclaimed by the free-range worker */
	DS_C_RM_EVICT,		/* ranges removed when an inode went away */
	DS_C_BG_RUNS,		/* runs of fuse_dax_free_mem_worker */
	DS_C_FREED,		/* ranges put back on the free list (reinit) */
	DS_C_NOSPACE,		/* alloc_dax_mapping found no free range */
	DS_C_NOSPACE_FAULT,	/* ... in a fault (-EAGAIN, retry) */
	DS_C_NOSPACE_RW,	/* ... in read/write (inline reclaim); loader:
				 * no free range - faults */
	DS_C_WAIT,		/* waits for a free range (retry after none) */
	DS_C_EXT_WRITE,		/* file-extending writes sent as FUSE_WRITE */
	DS_C_EXT_BYTES,		/* bytes those wrote */
	DS_C_RECLAIM_SKIP,	/* reclaims that freed nothing (in use, gone,
				 * failed): tracepoints only */
	DS_C_FAULT,		/* DAX page faults (__fuse_dax_fault) */
	DS_C_FAULT_WRITE,	/* ... for writing */
	DS_C_DROPPED,		/* events lost (no per-task state) */
	DS_C_REC_DROPPED,	/* --record: references the recording lost
				 * (ring buffer full, or past DS_REC_MAX_UNITS) */
	DS_NR_CNT
};

/* The counters every output lists; the recording's own are shown apart. */
#define DS_NR_SHOWN DS_C_REC_DROPPED

/* Latency histograms, log2 buckets of nanoseconds. */
enum ds_hist {
	DS_H_IOMAP_BEGIN,	/* fuse_iomap_begin */
	DS_H_SETUP,		/* fuse_setup_one_mapping (FUSE_SETUPMAPPING) */
	DS_H_REMOVE,		/* fuse_send_removemapping (FUSE_REMOVEMAPPING) */
	DS_H_RECLAIM_INLINE,	/* no free range -> own range reclaimed */
	DS_H_RECLAIM_BG,	/* worker time per reclaimed range */
	DS_H_BG_RUN,		/* one run of the worker */
	DS_H_WAIT,		/* no free range -> next attempt */
	DS_NR_HIST
};

#define DS_HIST_SLOTS 64	/* slot i: [2^i, 2^(i+1)) ns (slot 0 also 0) */

struct ds_hist_data {
	__u64 slot[DS_HIST_SLOTS];
	__u64 sum_ns;
};

struct ds_stats {
	__u64 cnt[DS_NR_CNT];
	struct ds_hist_data hist[DS_NR_HIST];
};

/* Free-range state of one connection, as last seen by a probe. */
struct ds_conn {
	__s64 nr_free;
	__u64 nr_ranges;
	__u64 nr_busy;
	__u64 ts_ns;
};

#define DS_MAX_CONNS 64

/*
 * Per virtio-fs mount that asked for DAX (dax=always or dax=inode), keyed by
 * its kernel dev_t: the loader puts the traced mounts in (the keys), then
 * fuse_statfs fills in the window and fuse_file_read_iter counts the reads
 * that did not go through DAX (the silent fallback of dax=inode).
 */
struct ds_dev {
	__u64 nondax_reads;	/* reads of inodes without S_DAX */
	__u64 window_ranges;	/* fc->dax->nr_ranges; 0: no window (fc->dax NULL) */
	__u32 window_known;	/* fuse_statfs has seen the mount */
	__u32 pad;
};

#define DS_MAX_DEVS 16

/*
 * --record: one ring buffer entry per mapped extent (fuse_iomap_end, or the
 * fuse_dax_iomap event) or eviction; the loader writes one daxrec1 line per
 * granule (sim/README.md). Granules first..last are covered; with sampling,
 * bit i of keep says whether unit (first >> unit_shift) + i is in the
 * sample, and granules of units past DS_REC_MAX_UNITS are dropped.
 */
#define DS_REC_MAX_UNITS 64
#define DS_REC_COMM 16

enum ds_rec_op { DS_REC_READ, DS_REC_WRITE, DS_REC_EVICT };

struct ds_rec {
	__u64 ts_ns;		/* bpf_ktime_get_boot_ns(): CLOCK_BOOTTIME */
	__u64 ino;
	__u64 first;		/* first and last granule covered (0 for e) */
	__u64 last;
	__u64 keep;		/* sampled units, see above; ~0: all */
	__u32 dev;		/* kernel dev_t: MAJOR << 20 | MINOR */
	__u8 op;		/* enum ds_rec_op */
	__u8 fault;		/* a page fault (else read/write via iomap) */
	__u8 pad[2];
	char comm[DS_REC_COMM];
};

/* Values of the patched module's fuse_dax tracepoint enums. */
#define DS_TP_HIT	0
#define DS_TP_NEW	1
#define DS_TP_UPGRADE	2
#define DS_TP_HOLE	3
#define DS_TP_EOF	4
#define DS_TP_EXTEND	5
#define DS_TP_RECLAIM_INLINE	0
#define DS_TP_RANGES_FREE	4

#endif /* DAXSTAT_H */
