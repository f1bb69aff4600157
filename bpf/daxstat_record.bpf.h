/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat --record: the window's references, one ring buffer entry per
 * mapped extent or eviction (struct ds_rec in daxstat.h), for daxsim
 * (sim/README.md, "The recording: daxrec1"). Included by daxstat.bpf.c
 * after its counters (ds_stats, ds_add).
 *
 * Spatial sampling happens here, so that what is not kept costs no ring
 * space: per unit of sample_unit bytes, the hash of sim/README.md over
 * (inode, unit index). An extent lies in one DAX range and the unit is
 * normally no smaller than a range, so the loop over units runs once or
 * twice; without sampling it does not run at all.
 */
#ifndef DAXSCOPE_DAXSTAT_RECORD_BPF_H
#define DAXSCOPE_DAXSTAT_RECORD_BPF_H

/* Set by the loader: recording on, log2 of the granule, log2 of
 * sample_unit / granule, and floor(rate * 2^24) (2^24: keep all). */
const volatile bool rec_on = false;
const volatile __u32 rec_granule_shift = 18;
const volatile __u32 rec_unit_shift = 0;
const volatile __u32 rec_threshold = 1U << 24;

/* The loader sizes it (a page when not recording). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} records SEC(".maps");

#define DS_REC_GOLDEN 0x9e3779b97f4a7c15ULL

/* splitmix64's finalizer, as in sim/record.c. */
static __always_inline __u64 ds_mix64(__u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A full ring loses the entry: count the references it held. */
static __always_inline struct ds_rec *ds_rec_reserve(__u64 refs)
{
	struct ds_rec *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);

	if (!r)
		ds_add(ds_stats(), DS_C_REC_DROPPED, refs);
	return r;
}

/* No wakeup: the loader drains the ring on its own timer, and a wakeup
 * per access would cost more than the entry. */
static __always_inline void ds_rec_submit(struct ds_rec *r, __u32 dev, __u64 ino, __u8 op)
{
	r->ts_ns = bpf_ktime_get_boot_ns();
	r->ino = ino;
	r->dev = dev;
	r->op = op;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

/* Sampling the units of one extent: bpf_loop's callback, so the verifier
 * checks it once rather than once per unit and outcome. */
struct ds_unit_loop {
	__u64 hino;		/* mix64(ino + G) */
	__u64 u0;		/* the extent's first unit */
	__u64 keep;		/* bit i: unit u0 + i kept */
	__u64 kept;		/* how many */
};

static long ds_rec_unit(__u32 i, struct ds_unit_loop *c)
{
	if ((ds_mix64(c->hino ^ (c->u0 + i + DS_REC_GOLDEN)) & 0xffffff) < rec_threshold) {
		c->keep |= 1ULL << (i & (DS_REC_MAX_UNITS - 1));
		c->kept++;
	}
	return 0;
}

/* What the recording needs of one extent. The fentry program fills it
 * with direct (BTF) loads, the others with CO-RE reads: a sampled-out
 * access then costs three loads and the hash, no helper call. */
struct ds_extent {
	__u64 ino;
	__u64 off;
	__u64 len;
};

/*
 * A mapped extent [off, off + len) of an inode on the traced mount.
 * Callers have checked the mount filter and that the extent is mapped
 * (holes and file-extending writes never reach the window). BTF: INODE
 * may be loaded from directly (fentry; a constant, so the other programs
 * never hold the direct load), which spares a kept access two helper calls.
 */
static __always_inline void ds_rec_extent(struct inode *inode, const struct ds_extent *e,
					  __u32 flags, const bool btf)
{
	__u64 off = e->off, len = e->len, ino = e->ino;
	__u64 first, last, keep = ~0ULL, refs, u0, u1, n;
	__u32 us = rec_unit_shift;
	struct ds_unit_loop c;
	struct ds_rec *r;

	/* --hits alone runs this on every DAX access. */
	if (!rec_on || !len)
		return;
	first = off >> rec_granule_shift;
	last = (off + len - 1) >> rec_granule_shift;
	refs = last - first + 1;
	if (rec_threshold < (1U << 24)) {
		u0 = first >> us;
		u1 = last >> us;
		/* Units past the bound: their granules are lost, whether or
		 * not the sample would have kept them. */
		if (u1 - u0 >= DS_REC_MAX_UNITS) {
			__u64 end = ((u0 + DS_REC_MAX_UNITS) << us) - 1;

			ds_add(ds_stats(), DS_C_REC_DROPPED, last - end);
			last = end;
			u1 = u0 + DS_REC_MAX_UNITS - 1;
		}
		c.hino = ds_mix64(ino + DS_REC_GOLDEN);
		c.u0 = u0;
		c.keep = 0;
		c.kept = 0;
		n = u1 - u0 + 1;
		/* Nearly every extent lies in one unit: test it here, without
		 * bpf_loop's call per unit. */
		if (n == 1)
			ds_rec_unit(0, &c);
		else
			bpf_loop(n, ds_rec_unit, &c, 0);
		keep = c.keep;
		if (!keep)
			return;
		/* Kept granules (for a drop count): whole units, less what the
		 * first and last unit hold outside the extent. */
		refs = c.kept << us;
		if (keep & 1)
			refs -= first - (u0 << us);
		if ((keep >> (n - 1)) & 1)
			refs -= ((u1 + 1) << us) - 1 - last;
	}
	r = ds_rec_reserve(refs);
	if (!r)
		return;
	r->first = first;
	r->last = last;
	r->keep = keep;
	r->fault = !!(flags & DS_IOMAP_FAULT);
	ds_rec_submit(r, btf ? inode->i_sb->s_dev : BPF_CORE_READ(inode, i_sb, s_dev), ino,
		      (flags & DS_IOMAP_WRITE) ? DS_REC_WRITE : DS_REC_READ);
}

/* The same from an iomap pointer that only CO-RE may read (kprobe,
 * raw_tp); nothing is read unless recording. */
static __always_inline void ds_rec_extent_core(struct inode *inode, struct iomap *iomap,
					       __u32 flags)
{
	struct ds_extent e;

	if (!rec_on)
		return;
	e.ino = BPF_CORE_READ(inode, i_ino);
	e.off = BPF_CORE_READ(iomap, offset);
	e.len = BPF_CORE_READ(iomap, length);
	ds_rec_extent(inode, &e, flags, false);
}

/* fuse_dax_inode_cleanup: the inode's ranges go back to the free list.
 * Always kept, whatever the sample. */
static __always_inline void ds_rec_evict(struct inode *inode)
{
	struct ds_rec *r;

	if (!rec_on || stopped || !ds_inode_ok(inode))
		return;
	r = ds_rec_reserve(1);
	if (!r)
		return;
	r->first = r->last = 0;
	r->keep = 0;
	r->fault = 0;
	ds_rec_submit(r, BPF_CORE_READ(inode, i_sb, s_dev), BPF_CORE_READ(inode, i_ino),
		      DS_REC_EVICT);
}

#endif
