/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic KVM pieces the flush paths go through (torvalds/linux
 * virt/kvm/kvm_main.c, where mainline keeps the dirty-log ioctls that were
 * in arch/x86/kvm/x86.c in 2019, plus the seed V3 patches 6 and 7): the
 * full remote flush, memslot lookup by user slot id, and
 * KVM_GET_DIRTY_LOG / KVM_CLEAR_DIRTY_LOG.  Kernel-named functions only:
 * the hooks' fallback count and narration are the profile's (profile.c),
 * a vCPU's TLB flush is vmx.c's.
 */
#include <virtref/linux/bitops.h>
#include <virtref/linux/errno.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/vmx.h>

void kvm_flush_remote_tlbs(struct kvm *kvm)
{
	kvm->stats.full_flushes++;
	kvm->stats.remote_tlb_flush++;
	/* The Hyper-V space flush per root, when that hook is there. */
	if (!kvm_arch_flush_remote_tlbs(kvm))
		return;
	kvm_make_all_cpus_request(kvm, KVM_REQ_TLB_FLUSH);
}

bool kvm_make_all_cpus_request(struct kvm *kvm, unsigned int req)
{
	bool called = false;
	int v;

	if (req != KVM_REQ_TLB_FLUSH)
		return false;
	/*
	 * Every vCPU is kicked and handles the request before it enters the
	 * guest again.  No vCPU runs in between here, so each does it now.
	 */
	for (v = 0; v < kvm->created_vcpus; v++) {
		vmx_flush_tlb_current(&kvm->vcpus[v]);
		called = true;
	}
	return called;
}

void kvm_flush_remote_tlbs_range(struct kvm *kvm, gfn_t gfn, u64 nr_pages)
{
	if (!kvm_arch_flush_remote_tlbs_range(kvm, gfn, nr_pages))
		return;
	kvm_flush_remote_tlbs(kvm);
}

void kvm_flush_remote_tlbs_memslot(struct kvm *kvm, const struct kvm_memory_slot *memslot)
{
	kvm_flush_remote_tlbs_range(kvm, memslot->base_gfn, memslot->npages);
}

struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, gfn_t gfn)
{
	int i;

	for (i = 0; i < VR_MMU_MEMSLOTS; i++) {
		struct kvm_memory_slot *s = &kvm->memslots[i];

		if (s->npages && gfn - s->base_gfn < s->npages)
			return s;
	}
	return NULL;
}

struct kvm_memory_slot *kvm_get_memslot(struct kvm *kvm, u32 slot_id)
{
	u16 as_id = slot_id >> 16;
	u16 id = (u16)slot_id;

	/* Address space 1 (SMM) has no memslots in this model. */
	if (as_id != 0 || id >= VR_MMU_MEMSLOTS || !kvm->memslots[id].npages)
		return NULL;
	return &kvm->memslots[id];
}

static int dirty_log_slot(struct kvm *kvm, u32 slot_id, struct kvm_memory_slot **out)
{
	u16 as_id = slot_id >> 16;
	u16 id = (u16)slot_id;

	if (as_id >= KVM_ADDRESS_SPACE_NUM || id >= VR_MMU_MEMSLOTS)
		return -EINVAL;
	*out = kvm_get_memslot(kvm, slot_id);
	if (!*out || !(*out)->dirty_bitmap)
		return -ENOENT;
	return 0;
}

static void flush_memslot(struct kvm *kvm, struct kvm_memory_slot *slot)
{
	/* V3 patch 7 and mainline kvm_flush_remote_tlbs_memslot(): the slot. */
	kvm_flush_remote_tlbs_with_address(kvm, slot->base_gfn, slot->npages);
}

int kvm_vm_ioctl_get_dirty_log(struct kvm *kvm, struct kvm_dirty_log *log)
{
	struct kvm_memory_slot *slot;
	unsigned long *user;
	bool flush = false;
	size_t i, n;
	int ret;

	ret = dirty_log_slot(kvm, log->slot, &slot);
	if (ret)
		return ret;
	if (!log->dirty_bitmap)
		return -EFAULT;
	user = log->dirty_bitmap;
	n = BITS_TO_LONGS(slot->npages);
	for (i = 0; i < n; i++) {
		unsigned long mask = slot->dirty_bitmap[i];

		user[i] = mask;
		if (!mask)
			continue;
		flush = true;
		slot->dirty_bitmap[i] = 0;
		kvm_mmu_write_protect_pt_masked(kvm, slot, i * BITS_PER_LONG, mask);
	}
	if (flush)
		flush_memslot(kvm, slot);
	return 0;
}

int kvm_vm_ioctl_clear_dirty_log(struct kvm *kvm, struct kvm_clear_dirty_log *log)
{
	struct kvm_memory_slot *slot;
	const unsigned long *user;
	bool flush = false;
	u64 i, n;
	int ret;

	ret = dirty_log_slot(kvm, log->slot, &slot);
	if (ret)
		return ret;
	if (log->first_page & 63)
		return -EINVAL;
	if ((log->num_pages & 63) && log->first_page + log->num_pages != slot->npages)
		return -EINVAL;
	if (log->first_page > slot->npages || log->num_pages > slot->npages - log->first_page)
		return -EINVAL;
	if (!log->dirty_bitmap)
		return -EFAULT;
	user = log->dirty_bitmap;
	n = BITS_TO_LONGS(log->num_pages);
	for (i = 0; i < n; i++) {
		size_t word = (size_t)(log->first_page / BITS_PER_LONG + i);
		unsigned long mask = user[i] & slot->dirty_bitmap[word];

		if (i == n - 1 && (log->num_pages % BITS_PER_LONG))
			mask &= (1UL << (log->num_pages % BITS_PER_LONG)) - 1;
		if (!mask)
			continue;
		flush = true;
		slot->dirty_bitmap[word] &= ~mask;
		kvm_mmu_write_protect_pt_masked(kvm, slot, word * BITS_PER_LONG, mask);
	}
	if (flush)
		flush_memslot(kvm, slot);
	return 0;
}
