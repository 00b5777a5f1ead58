// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Interrupt sources: the PQ state machine of every ESB, MSI and LSI
 * behaviour, and the ESB MMIO pages a guest drives them through (POWER9
 * XIVE architecture, "Event State Buffer"; skiboot doc/xive.rst, "ESB
 * pages"; qemu/qemu hw/intc/xive.c, xive_source_esb_read/write(), whose
 * offset decoding, including its 0xfff aliasing inside a 64 KiB page, is
 * the one modelled).
 */
#include <errno.h>
#include <virtref/alloc.h>
#include "hw_internal.h"

u8 vri_xive_esb_set(u8 *pq, u8 value)
{
	u8 old = *pq & 0x3;

	*pq = value & 0x3;
	return old;
}

bool vri_xive_esb_trigger(u8 *pq)
{
	switch (*pq & 0x3) {
	case VR_XIVE_XIVE_ESB_RESET:
		*pq = VR_XIVE_XIVE_ESB_PENDING;
		return true;
	case VR_XIVE_XIVE_ESB_PENDING:
	case VR_XIVE_XIVE_ESB_QUEUED:
		*pq = VR_XIVE_XIVE_ESB_QUEUED;
		return false;
	default: /* OFF */
		return false;
	}
}

bool vri_xive_esb_eoi(u8 *pq)
{
	switch (*pq & 0x3) {
	case VR_XIVE_XIVE_ESB_RESET:
	case VR_XIVE_XIVE_ESB_PENDING:
		*pq = VR_XIVE_XIVE_ESB_RESET;
		return false;
	case VR_XIVE_XIVE_ESB_QUEUED:
		*pq = VR_XIVE_XIVE_ESB_PENDING;
		return true;
	default: /* OFF */
		return false;
	}
}

int vri_xive_hw_init(struct vri_xive_hw *hw)
{
	u32 i;

	hw->src = vr_calloc(hw->nr_irqs, sizeof(*hw->src));
	hw->eas = vr_calloc(hw->nr_irqs, sizeof(*hw->eas));
	if (!hw->src || !hw->eas) {
		vri_xive_hw_fini(hw);
		return -ENOMEM;
	}
	/* PQ = 01, "off", after reset (QEMU xive_source_reset()). */
	for (i = 0; i < hw->nr_irqs; i++)
		hw->src[i].pq = VR_XIVE_XIVE_ESB_OFF;
	for (i = 0; i < VRI_XIVE_MAX_VCPUS; i++)
		vri_xive_tctx_reset(hw, i);
	return 0;
}

void vri_xive_hw_fini(struct vri_xive_hw *hw)
{
	vr_free(hw->src);
	vr_free(hw->eas);
	hw->src = NULL;
	hw->eas = NULL;
}

/* Counts a forward and hands it to the router. */
static void forward(struct vri_xive_hw *hw, u32 srcno)
{
	hw->ledger.forwarded++;
	vri_xive_router_notify(hw, srcno);
}

/* An event reaches the ESB: the trigger table, then the router. */
static void source_trigger(struct vri_xive_hw *hw, u32 srcno)
{
	u8 *pq = &hw->src[srcno].pq;
	u8 old = *pq;

	hw->ledger.triggers++;
	if (vri_xive_esb_trigger(pq))
		forward(hw, srcno);
	else if (old == VR_XIVE_XIVE_ESB_OFF)
		hw->ledger.off++;
	else
		hw->ledger.coalesced++;
}

/* An LSI asserts: 00 -> 10 and forward; Q is never set. */
static void lsi_trigger(struct vri_xive_hw *hw, u32 srcno)
{
	struct vri_xive_source *s = &hw->src[srcno];

	s->asserted = true;
	hw->ledger.triggers++;
	if (s->pq == VR_XIVE_XIVE_ESB_RESET) {
		s->pq = VR_XIVE_XIVE_ESB_PENDING;
		forward(hw, srcno);
	} else if (s->pq == VR_XIVE_XIVE_ESB_OFF) {
		hw->ledger.off++;
	} else {
		hw->ledger.coalesced++;
	}
}

/* EOI: Q moves into P; an LSI still asserted triggers again.  Returns 1
 * when a fresh notification went out. */
static u64 source_eoi(struct vri_xive_hw *hw, u32 srcno)
{
	struct vri_xive_source *s = &hw->src[srcno];
	u64 before = hw->ledger.forwarded;

	if (vri_xive_esb_eoi(&s->pq)) {
		hw->ledger.reforwarded++;
		forward(hw, srcno);
	}
	if (s->lsi && s->asserted && s->pq == VR_XIVE_XIVE_ESB_RESET)
		lsi_trigger(hw, srcno);
	return hw->ledger.forwarded != before;
}

int vri_xive_source_set_irq(struct vri_xive_hw *hw, u32 srcno, bool level)
{
	struct vri_xive_source *s;

	if (srcno >= hw->nr_irqs)
		return -EINVAL;
	s = &hw->src[srcno];
	if (s->lsi) {
		if (level)
			lsi_trigger(hw, srcno);
		else
			s->asserted = false;
	} else if (level) {
		source_trigger(hw, srcno);
	}
	return 0;
}

static u64 esb_window(const struct vri_xive_hw *hw)
{
	return (u64)hw->nr_irqs << hw->esb_shift;
}

static bool two_page(const struct vri_xive_hw *hw)
{
	return hw->esb_shift == VR_XIVE_XIVE_ESB_4K_2PAGE ||
	       hw->esb_shift == VR_XIVE_XIVE_ESB_64K_2PAGE;
}

/* The source an access names, and whether it falls on its trigger page. */
static int decode(const struct vri_xive_hw *hw, u64 addr, unsigned int size, u32 *srcno,
		  bool *trigger_page)
{
	if (size != 8 || (addr & 7) || addr >= esb_window(hw))
		return -EINVAL;
	*srcno = (u32)(addr >> hw->esb_shift);
	*trigger_page = two_page(hw) && !((addr >> (hw->esb_shift - 1)) & 1);
	return 0;
}

int vri_xive_esb_load(struct vri_xive_hw *hw, u64 addr, unsigned int size, u64 *val)
{
	u32 srcno, offset = addr & 0xfff;
	bool trigger_page;
	int ret = decode(hw, addr, size, &srcno, &trigger_page);

	if (ret)
		return ret;
	*val = VR_XIVE_ESB_INVALID;
	if (trigger_page)
		return 0; /* a trigger page is not for loads */
	if (offset < XIVE_ESB_GET)
		*val = source_eoi(hw, srcno);
	else if (offset < XIVE_ESB_SET_PQ_00)
		*val = hw->src[srcno].pq;
	else
		*val = vri_xive_esb_set(&hw->src[srcno].pq, (u8)((offset >> 8) & 3));
	return 0;
}

int vri_xive_esb_store(struct vri_xive_hw *hw, u64 addr, unsigned int size, u64 val)
{
	u32 srcno, offset = addr & 0xfff;
	bool trigger_page;
	int ret = decode(hw, addr, size, &srcno, &trigger_page);

	(void)val; /* the data of an ESB store carries nothing on P9 */
	if (ret)
		return ret;
	if (trigger_page || offset < XIVE_ESB_STORE_EOI)
		source_trigger(hw, srcno);
	else if (offset < XIVE_ESB_GET) {
		if (hw->store_eoi)
			source_eoi(hw, srcno);
	} else if (offset >= XIVE_ESB_SET_PQ_00)
		vri_xive_esb_set(&hw->src[srcno].pq, (u8)((offset >> 8) & 3));
	return 0;
}
