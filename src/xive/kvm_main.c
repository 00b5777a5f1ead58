// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What the XIVE native device asks of KVM's and the kernel's memory
 * management: guest pages with a reference (torvalds/linux
 * virt/kvm/kvm_main.c gfn_to_page(), kvm_host_page_size(),
 * mark_page_dirty()), and the device fd's mappings (mm/memory.c
 * vmf_insert_pfn(), unmap_mapping_range(); mm/swap.c put_page()).
 * A guest page reference is a pin of the guest memory, so the model
 * counts them; a mapping's page table is the instance's.
 */
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include "xive_internal.h"

struct page *gfn_to_page(struct kvm *kvm, gfn_t gfn)
{
	struct vr_xive *x = vri_xive_of(kvm);
	u64 gpa = (u64)gfn << PAGE_SHIFT;

	if (gfn >> (64 - PAGE_SHIFT) || !vr_mem_backed(x->hw.guest, gpa, PAGE_SIZE) ||
	    vr_mem_pin(x->hw.guest, gfn, 1))
		return NULL;
	x->k.page_refs++;
	return pfn_to_page((unsigned long)gfn);
}

void put_page(struct page *page)
{
	struct vr_xive *x = vri_xive_current();

	if (!x || WARN_ON(!x->k.page_refs || vr_mem_unpin(x->hw.guest, page_to_pfn(page), 1)))
		return;
	x->k.page_refs--;
}

unsigned long kvm_host_page_size(struct kvm_vcpu *vcpu, gfn_t gfn)
{
	struct vr_xive *x = vri_xive_of(vcpu->kvm);
	u64 size = 1ull << x->host_page_shift;
	u64 base = ((u64)gfn << PAGE_SHIFT) & ~(size - 1);

	if (gfn >> (64 - PAGE_SHIFT) || !vr_mem_backed(x->hw.guest, base, size))
		return PAGE_SIZE;
	return (unsigned long)size;
}

void mark_page_dirty(struct kvm *kvm, gfn_t gfn)
{
	struct vr_xive *x = vri_xive_of(kvm);

	(void)gfn;
	x->k.dirty_marks++;
}

static struct vri_xive_vma *vma_of(struct vm_area_struct *vma)
{
	return container_of(vma, struct vri_xive_vma, vma);
}

vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	struct vri_xive_vma *v = vma_of(vma);
	struct vri_xive_pte *pte;

	if (addr < vma->vm_start || addr >= vma->vm_end)
		return VM_FAULT_SIGBUS;
	if (v->npte == v->cap) {
		unsigned int cap = v->cap ? 2 * v->cap : 8;

		pte = vr_realloc(v->pte, cap * sizeof(*pte));
		if (!pte)
			return VM_FAULT_OOM;
		v->pte = pte;
		v->cap = cap;
	}
	v->pte[v->npte++] = (struct vri_xive_pte){
		.pgoff = (addr - vma->vm_start) >> PAGE_SHIFT,
		.pfn = pfn,
	};
	return VM_FAULT_NOPAGE;
}

void unmap_mapping_range(struct address_space *mapping, s64 const holebegin, s64 const holelen,
			 int even_cows)
{
	struct vr_xive *x = vri_xive_current();
	unsigned int i, j;

	(void)even_cows;
	if (!x || holebegin < 0 || holelen <= 0)
		return;
	for (i = 0; i < VRI_XIVE_MAX_VMAS; i++) {
		struct vri_xive_vma *v = &x->k.vma[i];
		u64 first = (u64)holebegin >> PAGE_SHIFT;
		u64 end = ((u64)holebegin + (u64)holelen + PAGE_SIZE - 1) >> PAGE_SHIFT;

		if (!v->live || v->vma.vm_file->f_mapping != mapping)
			continue;
		for (j = 0; j < v->npte;) {
			u64 file_page = v->vma.vm_pgoff + v->pte[j].pgoff;

			if (file_page >= first && file_page < end)
				v->pte[j] = v->pte[--v->npte];
			else
				j++;
		}
	}
}
