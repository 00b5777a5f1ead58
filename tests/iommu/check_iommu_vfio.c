// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The mdev hook (src/iommu/mdev_core.c) and vfio type1's attach
 * decision, maps and detach (src/iommu/vfio_iommu_type1.c) on the mock
 * driver of iommu_mock.h.  User memory is pinned through an environment
 * that gives process page v the host frame v + VT_HOST_PFN and counts
 * every pin, so that each test ends with none left.
 */
#include <virtref/context.h>
#include <virtref/instance.h>
#include <stdio.h>
#include <virtref/iommu.h>
#include <virtref/iommu/mdev.h>
#include <virtref/iommu/vfio.h>
#include <virtref/linux/mm.h>
#include <virtref/mem.h>
#include <virtref/model.h>
#include <virtref/text.h>
#include "iommu_mock.h"

#define VT_HOST_PFN 0x100000ul
#define VT_ARG 0x1000ul		  /* where ioctl arguments live in user memory */
#define VT_BAD_VADDR 0x80000000ul /* no user page at or above */

static struct {
	long live; /* pages pinned and not unpinned */
	unsigned int pins, unpins;
} env;

static int env_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	int i;

	(void)data;
	(void)prot;
	if (iova + (uint64_t)npage * PAGE_SIZE > VT_BAD_VADDR)
		return -EFAULT;
	for (i = 0; i < npage; i++)
		pfn[i] = (iova >> PAGE_SHIFT) + (uint64_t)i + VT_HOST_PFN;
	env.live += npage;
	env.pins++;
	return 0;
}

static void env_unpin(void *data, uint64_t iova, int npage)
{
	(void)data;
	(void)iova;
	env.live -= npage;
	env.unpins++;
}

static const struct vr_env_ops env_ops = { .pin = env_pin, .unpin = env_unpin };

static struct vr_context ctx, *prev;
static struct vr_instance *in;
static struct vr_mem *user;

/* A context in an iommu instance of @profile, with user memory and the pin environment. */
static void vt_begin(enum vr_iommu_profile profile)
{
	const struct vr_model *m = vr_model_find("iommu");
	struct vr_value cfg[32];
	int at;

	mock_setup();
	mock.intr_remap = true;
	memset(&env, 0, sizeof(env));
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_le(m->nconfig, ARRAY_SIZE(cfg));
	ck_assert_int_eq(vr_config_defaults(m, cfg), 0);
	at = vr_field_find(m->config, m->nconfig, "profile");
	ck_assert_int_ge(at, 0);
	cfg[at].u = profile;
	ck_assert_int_eq(vr_instance_create(m, cfg, &in), 0);
	user = vr_mem_create("user");
	ck_assert_ptr_nonnull(user);
	ck_assert_int_eq(vr_mem_add(user, VT_ARG, PAGE_SIZE), 0);
	vr_context_init(&ctx);
	ctx.instance = in;
	ctx.user = user;
	ctx.env = &env_ops;
	prev = vr_context_enter(&ctx);
}

static void vt_end(void)
{
	vr_context_leave(prev);
	vr_mem_destroy(user);
	vr_instance_destroy(in);
	ck_assert_int_eq(env.live, 0);
	mock_teardown();
}

static long vt_map(void *c, u64 iova, u64 vaddr, u64 size, u32 flags)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map), .flags = flags, .vaddr = vaddr, .iova = iova, .size = size
	};

	ck_assert_int_eq(vr_mem_write(user, VT_ARG, &map, sizeof(map)), 0);
	return vfio_iommu_type1_ioctl(c, VFIO_IOMMU_MAP_DMA, VT_ARG);
}

/* An unmap; @unmapped gets the size written back. */
static long vt_unmap(void *c, u64 iova, u64 size, u64 *unmapped)
{
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap),
						    .iova = iova,
						    .size = size };
	long ret;

	ck_assert_int_eq(vr_mem_write(user, VT_ARG, &unmap, sizeof(unmap)), 0);
	ret = vfio_iommu_type1_ioctl(c, VFIO_IOMMU_UNMAP_DMA, VT_ARG);
	ck_assert_int_eq(vr_mem_read(user, VT_ARG, &unmap, sizeof(unmap)), 0);
	*unmapped = unmap.size;
	return ret;
}

static void *vt_open(void)
{
	void *c = vfio_iommu_type1_open(VFIO_TYPE1v2_IOMMU);

	ck_assert(!IS_ERR(c));
	return c;
}

/* The parent driver: each new mdev's IOMMU device is vt_iommu_device. */
static struct device *vt_iommu_device;
static struct mdev_device *vt_last_mdev;
static int vt_probe_ret;
static unsigned int vt_removes;

static int vt_mdev_probe(struct mdev_device *mdev)
{
	if (vt_probe_ret)
		return vt_probe_ret;
	vt_last_mdev = mdev;
	return mdev_set_iommu_device(mdev_dev(mdev), vt_iommu_device);
}

static void vt_mdev_remove(struct mdev_device *mdev)
{
	(void)mdev;
	vt_removes++;
}

static struct mdev_driver vt_driver = { .probe = vt_mdev_probe, .remove = vt_mdev_remove };
static struct mdev_type vt_type = { .sysfs_name = "vt-1" };
static struct mdev_type *vt_types[] = { &vt_type };
static struct mdev_parent vt_parent;
static struct device vt_pdev;

/* The parent device, probed on the mock bus, with the parent registered on it. */
static void vt_parent_up(void)
{
	probe(&vt_pdev, &mock_bus, "0000:6a:01.0");
	vt_iommu_device = &vt_pdev;
	ck_assert_int_eq(mdev_register_parent(&vt_parent, &vt_pdev, &vt_driver, vt_types, 1), 0);
}

static void vt_parent_down(void)
{
	mdev_unregister_parent(&vt_parent);
	iommu_release_device(&vt_pdev);
}

static struct mdev_device *vt_mdev(u8 id)
{
	guid_t uuid = { { id } };

	vt_last_mdev = NULL;
	ck_assert_int_eq(mdev_device_create(&vt_type, &uuid), 0);
	ck_assert_ptr_nonnull(vt_last_mdev);
	return vt_last_mdev;
}

static struct iommu_group *vt_group(struct device *dev)
{
	struct iommu_group *g = iommu_group_get(dev);

	ck_assert_ptr_nonnull(g);
	iommu_group_put(g);
	return g;
}

START_TEST(test_mdev_hook)
{
	struct mdev_device *a, *b;
	struct device plain = { .bus = &mock_bus };
	guid_t uuid = { { 1 } };
	uint64_t live, nth;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	vt_parent_up();
	vt_iommu_device = NULL;
	a = vt_mdev(1);
	ck_assert_ptr_eq(a->dev.bus, &mdev_bus_type);
	ck_assert_ptr_eq(a->dev.parent, &vt_pdev);
	ck_assert_ptr_null(mdev_get_iommu_device(mdev_dev(a)));
	ck_assert_int_eq(mdev_set_iommu_device(mdev_dev(a), &vt_pdev), 0);
	ck_assert_ptr_eq(mdev_get_iommu_device(mdev_dev(a)), &vt_pdev);
	/* NULL is allowed: isolation is the vendor driver's again. */
	ck_assert_int_eq(mdev_set_iommu_device(mdev_dev(a), NULL), 0);
	ck_assert_ptr_null(mdev_get_iommu_device(mdev_dev(a)));
	/* Not an mdev: refused. */
	ck_assert_errno(mdev_set_iommu_device(&plain, &vt_pdev), -EINVAL);
	ck_assert_ptr_null(mdev_get_iommu_device(&plain));
	ck_assert_ptr_null(mdev_get_iommu_device(NULL));

	/* Each mdev alone in a group of its own. */
	b = vt_mdev(2);
	ck_assert_ptr_ne(vt_group(mdev_dev(a)), vt_group(mdev_dev(b)));
	ck_assert_errno(mdev_device_create(&vt_type, &uuid), -EEXIST);
	ck_assert_errno(mdev_device_create(NULL, &uuid), -EINVAL);
	ck_assert_errno(mdev_register_parent(&vt_parent, &vt_pdev, &vt_driver, vt_types, 0),
			-EINVAL);
	vt_probe_ret = -ENODEV;
	uuid.b[0] = 3;
	live = vr_alloc_live();
	ck_assert_errno(mdev_device_create(&vt_type, &uuid), -ENODEV);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vt_probe_ret = 0;
	for (nth = 1;; nth++) {
		int ret;

		vr_alloc_fail_nth(nth);
		ret = mdev_device_create(&vt_type, &uuid);
		vr_alloc_fail_nth(0);
		if (!ret)
			break;
		ck_assert_errno(ret, -ENOMEM);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	/* The mdev, its group, its place in the group. */
	ck_assert_uint_eq(nth, 4);

	a->active = true;
	ck_assert_errno(mdev_device_remove(a), -EBUSY);
	a->active = false;
	ck_assert_int_eq(mdev_device_remove(a), 0);
	ck_assert_uint_eq(vt_removes, 1);
	/* The rest go with the parent. */
	vt_parent_down();
	ck_assert_uint_eq(vt_removes, 3);
	vt_end();
}
END_TEST

START_TEST(test_group_twice_einval)
{
	struct mdev_device *m;
	struct device dev;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	vt_parent_up();
	probe(&dev, &mock_bus, "0000:6b:00.0");
	vt_iommu_device = NULL;
	m = vt_mdev(1);
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&dev)), 0);
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(&dev)), -EINVAL);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m))), 0);
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m))), -EINVAL);
	/* Two default domains and the container's one; the mdev went external. */
	ck_assert_uint_eq(mock.allocs, 3);
	vfio_iommu_type1_release(c);
	ck_assert_uint_eq(mock.frees, 1);
	ck_assert_uint_eq(iommu_get_domain_for_dev(&dev)->type, IOMMU_DOMAIN_DMA);
	iommu_release_device(&dev);
	vt_parent_down();
	vt_end();
}
END_TEST

START_TEST(test_external_domain)
{
	struct mdev_device *a, *b;
	u64 unmapped;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	vt_parent_up();
	vt_iommu_device = NULL;
	a = vt_mdev(1);
	c = vt_open();
	/* No IOMMU device: the external domain, no IOMMU domain at all. */
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), 0);
	ck_assert_uint_eq(mock.allocs, 1);
	ck_assert_uint_eq(mock.attaches, 1);
	/* Maps wait for an IOMMU domain: nothing pinned, nothing mapped. */
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x2000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_uint_eq(env.pins, 0);
	ck_assert_uint_eq(mock.maps, 0);
	ck_assert_int_eq(vt_unmap(c, 0x10000, 0x2000, &unmapped), 0);
	ck_assert_uint_eq(unmapped, 0x2000);
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(a)));

	/* Two mdevs in one group with different IOMMU devices: external too. */
	vt_iommu_device = &vt_pdev;
	a = vt_mdev(2);
	vt_iommu_device = mdev_dev(a);
	b = vt_mdev(3);
	iommu_group_remove_device(mdev_dev(b));
	ck_assert_int_eq(iommu_group_add_device(vt_group(mdev_dev(a)), mdev_dev(b)), 0);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), 0);
	ck_assert_uint_eq(mock.allocs, 1);
	ck_assert_uint_eq(mock.aux_attaches + mock.attaches, 1);
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(a)));
	/* A group of another container's kind: detaching it changes nothing. */
	vfio_iommu_type1_detach_group(c, vt_group(&vt_pdev));
	vfio_iommu_type1_release(c);
	vt_parent_down();
	vt_end();
}
END_TEST

START_TEST(test_mainline_mdev_is_emulated)
{
	struct mdev_device *a;
	void *c;

	/* Mainline has no mdev_get_iommu_device(): a set IOMMU device is not asked for. */
	vt_begin(VR_IOMMU_PROFILE_MAINLINE);
	vt_parent_up();
	a = vt_mdev(1);
	ck_assert_ptr_eq(mdev_get_iommu_device(mdev_dev(a)), &vt_pdev);
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), 0);
	ck_assert_uint_eq(mock.allocs, 1);
	ck_assert_uint_eq(mock.attaches + mock.aux_attaches, 1);
	vfio_iommu_type1_release(c);
	vt_parent_down();
	vt_end();
}
END_TEST

START_TEST(test_alloc_null_eio)
{
	struct bus_type none = { .name = "none" };
	struct device orphan = { .bus = &none };
	struct iommu_group *g;
	struct mdev_device *a;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_11);
	vt_parent_up();
	c = vt_open();
	/* The IOMMU device's bus has no driver: no domain, -EIO. */
	vt_iommu_device = &orphan;
	a = vt_mdev(1);
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), -EIO);
	/* A group of a device without driver, and one whose domain allocation fails. */
	g = iommu_group_alloc();
	ck_assert_int_eq(iommu_group_add_device(g, &orphan), 0);
	ck_assert_errno(vfio_iommu_type1_attach_group(c, g), -EIO);
	iommu_group_remove_device(&orphan);
	iommu_group_put(g);
	vt_iommu_device = &vt_pdev;
	a = vt_mdev(2);
	vr_alloc_fail_nth(3);
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), -EIO);
	vr_alloc_fail_nth(0);
	/* Devices of two buses in one group: -EINVAL. */
	g = iommu_group_alloc();
	ck_assert_int_eq(iommu_group_add_device(g, &orphan), 0);
	{
		struct device other = { .bus = &mock_bus };

		ck_assert_int_eq(iommu_group_add_device(g, &other), 0);
		ck_assert_errno(vfio_iommu_type1_attach_group(c, g), -EINVAL);
		iommu_group_remove_device(&other);
	}
	iommu_group_remove_device(&orphan);
	iommu_group_put(g);
	ck_assert_uint_eq(mock.allocs, 1);
	vfio_iommu_type1_release(c);
	vt_parent_down();
	vt_end();
}
END_TEST

START_TEST(test_aux_attach)
{
	struct iommu_domain *d;
	struct mdev_device *a;
	u64 unmapped;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	vt_parent_up();
	mock.feat_aux = true;
	a = vt_mdev(1);
	c = vt_open();
	/* The driver refuses the aux attach: its errno, the new domain freed. */
	mock.aux_ret = -EPERM;
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), -EPERM);
	ck_assert_uint_eq(mock.frees, 1);
	ck_assert_uint_eq(mock.aux_detaches, 0);
	mock.aux_ret = 0;
	mock.aux_attaches = 0;
	mock.allocs = mock.frees = 0;
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), 0);
	/* AUX enabled on the IOMMU device: an aux attach of the parent, no normal one. */
	ck_assert_uint_eq(mock.allocs, 1);
	ck_assert_uint_eq(mock.aux_attaches, 1);
	ck_assert_uint_eq(mock.attaches, 1);
	d = mock.last_aux;
	ck_assert_uint_eq(d->type, IOMMU_DOMAIN_UNMANAGED);
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x2000,
				VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE),
			 0);
	ck_assert_int_eq(env.live, 2);
	ck_assert_uint_eq(iommu_iova_to_phys(d, 0x11008), ((0x201ul + VT_HOST_PFN) << 12) | 8);
	ck_assert_int_eq(to_mock(d)->map[0].prot, IOMMU_READ | IOMMU_WRITE);
	ck_assert_int_eq(vt_unmap(c, 0x10000, 0x2000, &unmapped), 0);
	ck_assert_uint_eq(unmapped, 0x2000);
	ck_assert_int_eq(env.live, 0);
	ck_assert_uint_eq(iommu_iova_to_phys(d, 0x11000), 0);
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(a)));
	ck_assert_uint_eq(mock.aux_detaches, 1);
	ck_assert_ptr_eq(mock.last_aux, d);
	ck_assert_uint_eq(mock.frees, 1);
	vfio_iommu_type1_release(c);
	ck_assert_uint_eq(mock.frees, 1);
	vt_parent_down();
	vt_end();
}
END_TEST

START_TEST(test_whole_device_attach)
{
	struct iommu_domain *dflt, *d;
	struct mdev_device *a;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	vt_parent_up();
	dflt = iommu_get_domain_for_dev(&vt_pdev);
	a = vt_mdev(1);
	c = vt_open();
	mock.coherent = true;
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(a))), 0);
	/* AUX off: the whole parent is attached. */
	ck_assert_uint_eq(mock.aux_attaches, 0);
	ck_assert_uint_eq(mock.attaches, 2);
	d = iommu_get_domain_for_dev(&vt_pdev);
	ck_assert_ptr_ne(d, dflt);
	ck_assert_ptr_eq(mock.last_attach, d);
	ck_assert_int_eq(vfio_iommu_type1_ioctl(c, VFIO_CHECK_EXTENSION, VFIO_DMA_CC_IOMMU), 1);
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	/* A coherent driver's domain maps with IOMMU_CACHE. */
	ck_assert_int_eq(to_mock(d)->map[0].prot, IOMMU_READ | IOMMU_CACHE);
	/* The second mdev of the parent in the same container: -EBUSY from the core. */
	{
		struct mdev_device *b = vt_mdev(2);

		ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(b))), -EBUSY);
		ck_assert_uint_eq(mock.frees, 1);
	}
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(a)));
	/* The parent is back on its default domain. */
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&vt_pdev), dflt);
	ck_assert_uint_eq(mock.frees, 2);
	ck_assert_int_eq(env.live, 0);
	vfio_iommu_type1_release(c);
	vt_parent_down();
	vt_end();
}
END_TEST

START_TEST(test_compatible_domain_reuse)
{
	struct iommu_domain *d1;
	struct device a, b;
	struct mdev_device *m1, *m2;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	mock.no_dma_domains = true;
	probe(&a, &mock_bus, "0000:6b:00.0");
	probe(&b, &mock_bus, "0000:6b:00.1");
	c = vt_open();
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&a)), 0);
	d1 = iommu_get_domain_for_dev(&a);
	/* The map waited and is replayed into the first domain. */
	ck_assert_int_eq(env.live, 1);
	ck_assert_uint_eq(iommu_iova_to_phys(d1, 0x10000), (0x200ul + VT_HOST_PFN) << 12);
	/* The second group's new domain goes; the group joins the first. */
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&b)), 0);
	ck_assert_uint_eq(mock.allocs, 2);
	ck_assert_uint_eq(mock.frees, 1);
	ck_assert_uint_eq(mock.attaches, 3);
	ck_assert_uint_eq(mock.detaches, 1);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&b), d1);
	ck_assert_uint_eq(mock.maps, 1);

	/* Two mdevs of one AUX parent: the same domain aux-attached twice (spec row 3). */
	mock.no_dma_domains = false;
	vt_parent_up();
	mock.feat_aux = true;
	m1 = vt_mdev(1);
	m2 = vt_mdev(2);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m1))), 0);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m2))), 0);
	/* Each: aux attach to its new domain, aux detach from it, aux attach to d1. */
	ck_assert_uint_eq(mock.aux_attaches, 4);
	ck_assert_uint_eq(mock.aux_detaches, 2);
	ck_assert_ptr_eq(mock.last_aux, d1);
	ck_assert_uint_eq(mock.frees, 3);

	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(m1)));
	vfio_iommu_type1_detach_group(c, vt_group(&a));
	vfio_iommu_type1_detach_group(c, vt_group(&b));
	ck_assert_int_eq(env.live, 1);
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(m2)));
	/* The last domain took the mappings with it. */
	ck_assert_int_eq(env.live, 0);
	ck_assert_uint_eq(mock.frees, 4);
	vfio_iommu_type1_release(c);
	iommu_release_device(&a);
	iommu_release_device(&b);
	vt_parent_down();
	vt_end();
}
END_TEST

/* The same driver behind another table: its domains are never compatible with mock_ops'. */
static const struct iommu_ops *mock2_ops(void)
{
	static struct iommu_ops ops;

	ops = mock_ops;
	return &ops;
}

START_TEST(test_map_into_every_domain)
{
	struct bus_type bus2 = { .name = "mock2" };
	struct iommu_domain *d1, *d2;
	struct device a, b;
	u64 unmapped;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	ck_assert_int_eq(bus_set_iommu(&bus2, mock2_ops()), 0);
	mock.no_dma_domains = true;
	probe(&a, &mock_bus, "a");
	probe(&b, &bus2, "b");
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&a)), 0);
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x2000, VFIO_DMA_MAP_FLAG_WRITE), 0);
	ck_assert_uint_eq(env.pins, 2);
	/* The second domain gets the mapping replayed from the first's translation. */
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&b)), 0);
	d1 = iommu_get_domain_for_dev(&a);
	d2 = iommu_get_domain_for_dev(&b);
	ck_assert_ptr_ne(d1, d2);
	/* One iommu_map() of 8 KiB: two 4 KiB pages for the mock. */
	ck_assert_uint_eq(mock.maps, 4);
	ck_assert_uint_eq(mock.map_size[2], 0x1000);
	ck_assert_uint_eq(iommu_iova_to_phys(d2, 0x11000), (0x201ul + VT_HOST_PFN) << 12);
	ck_assert_uint_eq(env.pins, 2);
	/* A new map goes into both. */
	ck_assert_int_eq(vt_map(c, 0x40000, 0x300000, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_uint_eq(mock.maps, 6);
	ck_assert_uint_eq(iommu_iova_to_phys(d1, 0x40000), (0x300ul + VT_HOST_PFN) << 12);
	ck_assert_uint_eq(iommu_iova_to_phys(d2, 0x40000), (0x300ul + VT_HOST_PFN) << 12);
	/* The second domain (d1: new domains go first) fails: d2 is unwound, no pin stays. */
	mock.map_fail_at = 8;
	ck_assert_errno(vt_map(c, 0x50000, 0x400000, 0x1000, VFIO_DMA_MAP_FLAG_READ), -ENOMEM);
	mock.map_fail_at = 0;
	ck_assert_uint_eq(iommu_iova_to_phys(d1, 0x50000), 0);
	ck_assert_uint_eq(iommu_iova_to_phys(d2, 0x50000), 0);
	ck_assert_int_eq(env.live, 3);

	/* v2 unmaps only whole mappings. */
	ck_assert_errno(vt_unmap(c, 0x11000, 0x1000, &unmapped), -EINVAL);
	ck_assert_errno(vt_unmap(c, 0x10000, 0x1000, &unmapped), -EINVAL);
	ck_assert_int_eq(vt_unmap(c, 0x20000, 0x1000, &unmapped), 0);
	ck_assert_uint_eq(unmapped, 0);
	ck_assert_int_eq(vt_unmap(c, 0x10000, 0x40000, &unmapped), 0);
	ck_assert_uint_eq(unmapped, 0x3000);
	ck_assert_int_eq(env.live, 0);
	ck_assert_uint_eq(iommu_iova_to_phys(d1, 0x40000), 0);
	ck_assert_uint_eq(iommu_iova_to_phys(d2, 0x10000), 0);

	vfio_iommu_type1_release(c);
	ck_assert_uint_eq(mock.frees, 2);
	iommu_release_device(&a);
	iommu_release_device(&b);
	ck_assert_int_eq(bus_set_iommu(&bus2, NULL), 0);
	vt_end();
}
END_TEST

START_TEST(test_map_errors)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = 31, .flags = 1, .size = 0x1000 };
	struct device a;
	u64 unmapped;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	mock.no_dma_domains = true;
	probe(&a, &mock_bus, "a");
	ck_assert_errno(PTR_ERR(vfio_iommu_type1_open(2)), -EINVAL);
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_ioctl(c, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU), 1);
	ck_assert_int_eq(vfio_iommu_type1_ioctl(c, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU), 1);
	ck_assert_int_eq(vfio_iommu_type1_ioctl(c, VFIO_CHECK_EXTENSION, 99), 0);
	ck_assert_errno(vfio_iommu_type1_ioctl(c, VFIO_IO(15), 0), -ENOTTY);
	ck_assert_uint_eq(VFIO_IOMMU_MAP_DMA, 0x3b71);
	ck_assert_uint_eq(VFIO_IOMMU_UNMAP_DMA, 0x3b72);

	ck_assert_errno(vt_map(c, 0x10000, 0x200000, 0x1000, 0), -EINVAL);
	ck_assert_errno(vt_map(c, 0x10000, 0x200000, 0x1000, 4), -EINVAL);
	ck_assert_errno(vt_map(c, 0x10800, 0x200000, 0x1000, 1), -EINVAL);
	ck_assert_errno(vt_map(c, 0x10000, 0x200800, 0x1000, 1), -EINVAL);
	ck_assert_errno(vt_map(c, 0x10000, 0x200000, 0x800, 1), -EINVAL);
	ck_assert_errno(vt_map(c, 0x10000, 0x200000, 0, 1), -EINVAL);
	ck_assert_errno(vt_map(c, ~0xfffull, 0x200000, 0x2000, 1), -EINVAL);
	ck_assert_errno(vt_map(c, 0x10000, ~0xfffull, 0x2000, 1), -EINVAL);
	ck_assert_int_eq(vr_mem_write(user, VT_ARG, &map, sizeof(map)), 0);
	ck_assert_errno(vfio_iommu_type1_ioctl(c, VFIO_IOMMU_MAP_DMA, VT_ARG), -EINVAL);
	ck_assert_errno(vfio_iommu_type1_ioctl(c, VFIO_IOMMU_MAP_DMA, 0x5000), -EFAULT);
	ck_assert_errno(vfio_iommu_type1_ioctl(c, VFIO_IOMMU_UNMAP_DMA, 0x5000), -EFAULT);
	ck_assert_errno(vt_unmap(c, 0x10800, 0x1000, &unmapped), -EINVAL);
	ck_assert_errno(vt_unmap(c, 0x10000, 0, &unmapped), -EINVAL);

	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&a)), 0);
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x2000, 1), 0);
	ck_assert_errno(vt_map(c, 0x11000, 0x300000, 0x1000, 1), -EEXIST);
	ck_assert_errno(vt_map(c, 0xf000, 0x300000, 0x2000, 1), -EEXIST);
	/* Past the domain's aperture (48 bits). */
	ck_assert_errno(vt_map(c, 1ull << 48, 0x300000, 0x1000, 1), -EINVAL);
	/* The pin fails: nothing is left, the second page's pin undone. */
	ck_assert_errno(vt_map(c, 0x20000, VT_BAD_VADDR - 0x1000, 0x2000, 1), -EFAULT);
	ck_assert_int_eq(env.live, 2);
	ck_assert_uint_eq(iommu_iova_to_phys(iommu_get_domain_for_dev(&a), 0x20000), 0);
	ctx.pin_fail_nth = 1;
	ck_assert_errno(vt_map(c, 0x20000, 0x300000, 0x1000, 1), -EFAULT);
	ck_assert_int_eq(vt_map(c, 0x20000, 0x300000, 0x1000, 1), 0);

	vfio_iommu_type1_release(c);
	iommu_release_device(&a);
	vt_end();
}
END_TEST

START_TEST(test_attach_checks)
{
	struct device a;
	void *c;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	mock.no_dma_domains = true;
	probe(&a, &mock_bus, "a");
	c = vt_open();
	/* No interrupt remapping: -EPERM, the group detached, the domain freed. */
	mock.intr_remap = false;
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(&a)), -EPERM);
	ck_assert_uint_eq(mock.attaches, 1);
	ck_assert_uint_eq(mock.detaches, 1);
	ck_assert_uint_eq(mock.frees, 1);
	ck_assert_ptr_null(iommu_get_domain_for_dev(&a));
	mock.intr_remap = true;
	/* A mapping past the new domain's aperture: -EINVAL. */
	ck_assert_int_eq(vt_map(c, 1ull << 48, 0x200000, 0x1000, 1), 0);
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(&a)), -EINVAL);
	ck_assert_uint_eq(mock.frees, 2);
	ck_assert_uint_eq(env.pins, 0);
	vfio_iommu_type1_release(c);

	/* Nesting needs a driver attribute no driver here has. */
	c = vfio_iommu_type1_open(VFIO_TYPE1_NESTING_IOMMU);
	ck_assert(!IS_ERR(c));
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(&a)), -EINVAL);
	vfio_iommu_type1_release(c);
	/* The replay's pin fails: the attach fails, nothing stays pinned or mapped. */
	c = vt_open();
	ck_assert_int_eq(vt_map(c, 0x10000, 0x200000, 0x1000, 1), 0);
	ck_assert_int_eq(vt_map(c, 0x20000, 0x300000, 0x2000, 1), 0);
	/* The second mapping's first page. */
	ctx.pin_fail_nth = 2;
	ck_assert_errno(vfio_iommu_type1_attach_group(c, vt_group(&a)), -EFAULT);
	ck_assert_int_eq(env.live, 0);
	ck_assert_uint_eq(mock.allocs, mock.frees);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(&a)), 0);
	ck_assert_int_eq(env.live, 3);
	vfio_iommu_type1_release(c);
	iommu_release_device(&a);
	vt_end();
}
END_TEST

/*
 * A container's life: a map waiting for a domain, a PCI group, an aux
 * mdev group into the compatible domain, a map, an unmap, detaches and
 * release, with the nth allocation failing.  Whatever fails, the
 * container's release leaves nothing allocated and nothing pinned.
 */
static void container_life(struct device *pci, struct mdev_device *m)
{
	u64 unmapped;
	void *c;

	c = vfio_iommu_type1_open(VFIO_TYPE1v2_IOMMU);
	if (IS_ERR(c))
		return;
	vt_map(c, 0x10000, 0x200000, 0x2000, 1);
	vfio_iommu_type1_attach_group(c, vt_group(pci));
	vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m)));
	vt_map(c, 0x200000, 0x400000, 0x201000, 3);
	vt_unmap(c, 0x10000, 0x2000, &unmapped);
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(m)));
	vfio_iommu_type1_detach_group(c, vt_group(pci));
	vfio_iommu_type1_release(c);
}

START_TEST(test_alloc_failure_sweep)
{
	struct mdev_device *m;
	struct device pci;
	uint64_t live, nth;

	vt_begin(VR_IOMMU_PROFILE_5_1);
	mock.no_dma_domains = true;
	probe(&pci, &mock_bus, "pci");
	vt_parent_up();
	mock.feat_aux = true;
	m = vt_mdev(1);
	live = vr_alloc_live();
	for (nth = 1;; nth++) {
		bool hit;

		vr_alloc_fail_nth(nth);
		container_life(&pci, m);
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert_int_eq(env.live, 0);
		ck_assert_uint_eq(mock.allocs, mock.frees);
		ck_assert_ptr_null(iommu_get_domain_for_dev(&pci));
		if (!hit)
			break;
	}
	/*
	 * The container, two vfio_dma, and for each of two groups a
	 * vfio_group, a vfio_domain and the driver's domain: 9 allocations.
	 */
	ck_assert_uint_eq(nth, 10);
	/* The same with the nth pin failing: one page, then 0x201 of the second map. */
	for (nth = 1;; nth++) {
		ctx.pin_fail_nth = nth;
		container_life(&pci, m);
		ck_assert_int_eq(env.live, 0);
		if (ctx.pin_fail_nth) {
			ctx.pin_fail_nth = 0;
			break;
		}
	}
	ck_assert_uint_eq(nth, 2 + 0x201 + 1);
	vt_parent_down();
	iommu_release_device(&pci);
	vt_end();
}
END_TEST

/*
 * The real Intel driver of @profile (src/iommu/intel-iommu.c) on one
 * unit, function 6a:01.0 with 20-bit PASIDs and the Scalable IOV DVSEC
 * in a group of its own, vfio's user pages at VI_USER (the instance
 * identity-maps them), and the instance lent for the whole test.
 */
#define VI_USER 0x40000000ul
#define VI_SID 0x6a08u

static struct vr_iommu *vi_x;
static struct vr_context_frame vi_f;
static struct device *vi_dev;

static void vi_up(enum vr_iommu_profile profile)
{
	struct vr_iommu_pci_config pc = {
		.bdf = VI_SID,
		.vendor = 0x8086,
		.device = 0x0b25,
		.pasid = true,
		.pasid_width = 20,
		.siov = true,
		.eetlp_prefix = true,
	};
	struct vr_iommu_config cfg;
	struct iommu_group *g;

	memset(&mock, 0, sizeof(mock));
	vr_iommu_config_default(&cfg);
	cfg.profile = profile;
	cfg.allow_unsafe_interrupts = true;
	ck_assert_int_eq(vr_iommu_create(&cfg, &vi_x), 0);
	ck_assert_int_eq(vr_iommu_driver_init(vi_x), 0);
	ck_assert_int_eq(vr_iommu_pci_add(vi_x, 0, &pc, &vi_dev), 0);
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(vi_x), VI_USER, 0x10000), 0);
	user = vr_mem_create("user");
	ck_assert_int_eq(vr_mem_add(user, VT_ARG, PAGE_SIZE), 0);
	vr_context_init(&ctx);
	ctx.user = user;
	prev = vr_context_enter(&ctx);
	vr_iommu_enter(vi_x, &vi_f);
	g = iommu_group_alloc();
	ck_assert(!IS_ERR(g));
	ck_assert_int_eq(iommu_group_add_device(g, vi_dev), 0);
	iommu_group_put(g);
}

static void vi_down(void)
{
	ck_assert_uint_eq(vr_mem_pinned(vr_iommu_mem(vi_x)), 0);
	iommu_group_remove_device(vi_dev);
	vr_iommu_leave(&vi_f);
	vr_context_leave(prev);
	vr_mem_destroy(user);
	vr_iommu_destroy(vi_x);
}

/* A DMA read by 6a:01.0 at @addr, with @pasid unless it is -1: the output address or ~0. */
static u64 vi_dma(int pasid, u64 addr)
{
	struct vr_iommu_dma_request rq = { .sid = VI_SID, .addr = addr };
	struct vr_iommu_translation tr;

	if (pasid >= 0) {
		rq.has_pasid = true;
		rq.pasid = (u32)pasid;
	}
	ck_assert_int_eq(vr_iommu_translate(vi_x, 0, &rq, &tr), 0);
	return tr.status == VR_IOMMU_DMA_OK ? tr.phys : ~0ull;
}

/* The invariants hold (@want NULL), or fail with a line holding @want. */
static void vi_expect(const char *want)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = vr_iommu_invariants(vi_x, &why);

	if (want)
		ck_assert_msg(bad && strstr(vr_text_str(&why), want), "want \"%s\", got \"%s\"",
			      want, vr_text_str(&why));
	else
		ck_assert_msg(!bad, "%s", vr_text_str(&why));
	vr_text_free(&why);
}

static void vi_invariants(void)
{
	vi_expect(NULL);
}

/*
 * What the 5.1 driver leaves behind when it tears down a second-level
 * PASID entry: it flushes by PASID, and the IOTLB tags second-level
 * entries by DID only (VT-d 6.5.2.4), so the entry @did cached survives.
 */
static const char *vi_stale_51(enum vr_iommu_profile p, unsigned int did)
{
	static char line[128];

	if (p != VR_IOMMU_PROFILE_5_1)
		return NULL;
	snprintf(line, sizeof(line),
		 "stale IOTLB entry after invalidation: DID %u addr 0x100000 (4 KiB) -> 0x40000000 "
		 "R",
		 did);
	return line;
}

START_TEST(test_intel_pci_group)
{
	u64 unmapped;
	void *c;

	vi_up((enum vr_iommu_profile)_i);
	c = vt_open();
	ck_assert_int_eq(vt_map(c, 0x100000, VI_USER, 0x2000,
				VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE),
			 0);
	/* No IOMMU domain yet: nothing pinned, the device's DMA blocked. */
	ck_assert_uint_eq(vr_mem_pinned(vr_iommu_mem(vi_x)), 0);
	ck_assert_uint_eq(vi_dma(-1, 0x101008), ~0ull);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(vi_dev)), 0);
	/* The replay pinned both pages; the device reaches them through its domain. */
	ck_assert_uint_eq(vr_mem_pinned(vr_iommu_mem(vi_x)), 2);
	ck_assert_uint_eq(vi_dma(-1, 0x101008), VI_USER + 0x1008);
	ck_assert_uint_eq(vi_dma(-1, 0x100000), VI_USER);
	ck_assert_uint_eq(vi_dma(-1, 0x102000), ~0ull);
	vi_invariants();
	/* A user page the instance does not back cannot be pinned. */
	ck_assert_errno(vt_map(c, 0x200000, VI_USER + 0x10000, 0x1000, VFIO_DMA_MAP_FLAG_READ),
			-EFAULT);
	ck_assert_int_eq(vt_unmap(c, 0x100000, 0x2000, &unmapped), 0);
	ck_assert_uint_eq(unmapped, 0x2000);
	ck_assert_uint_eq(vr_mem_pinned(vr_iommu_mem(vi_x)), 0);
	ck_assert_uint_eq(vi_dma(-1, 0x101008), ~0ull);
	vi_invariants();
	vfio_iommu_type1_detach_group(c, vt_group(vi_dev));
	ck_assert_ptr_null(iommu_get_domain_for_dev(vi_dev));
	vfio_iommu_type1_release(c);
	vi_invariants();
	vi_down();
}
END_TEST

/* The parent on a domain of its own, as a host driver keeps it, and an mdev on it. */
static struct mdev_device *vi_mdev_parent(struct iommu_domain **parent_domain)
{
	*parent_domain = iommu_domain_alloc(vr_iommu_pci_bus(vi_x));
	ck_assert_ptr_nonnull(*parent_domain);
	ck_assert_int_eq(iommu_attach_device(*parent_domain, vi_dev), 0);
	vt_iommu_device = vi_dev;
	ck_assert_int_eq(mdev_register_parent(&vt_parent, vi_dev, &vt_driver, vt_types, 1), 0);
	return vt_mdev(1);
}

/* The container goes, then the parent's mdevs, its domain, and (@aux) AUX. */
static void vi_mdev_parent_down(void *c, struct iommu_domain *pd, bool aux)
{
	vfio_iommu_type1_release(c);
	mdev_unregister_parent(&vt_parent);
	if (aux)
		ck_assert_int_eq(iommu_dev_disable_feature(vi_dev, IOMMU_DEV_FEAT_AUX), 0);
	iommu_detach_device(pd, vi_dev);
	iommu_domain_free(pd);
}

START_TEST(test_intel_mdev_aux)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *pd;
	struct mdev_device *m;
	void *c;

	vi_up(p);
	m = vi_mdev_parent(&pd);
	ck_assert_int_eq(iommu_dev_enable_feature(vi_dev, IOMMU_DEV_FEAT_AUX), 0);
	ck_assert(iommu_dev_feature_enabled(vi_dev, IOMMU_DEV_FEAT_AUX));
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m))), 0);
	/* The aux domain got the lowest PASID, 1; the parent stays on its own domain. */
	ck_assert_ptr_eq(iommu_get_domain_for_dev(vi_dev), pd);
	ck_assert_int_eq(vt_map(c, 0x100000, VI_USER, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_uint_eq(vi_dma(1, 0x100010), VI_USER + 0x10);
	ck_assert_uint_eq(vi_dma(2, 0x100010), ~0ull);
	ck_assert_uint_eq(vi_dma(-1, 0x100010), ~0ull);
	vi_invariants();
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(m)));
	ck_assert_uint_eq(vi_dma(1, 0x100010), ~0ull);
	ck_assert_uint_eq(vr_mem_pinned(vr_iommu_mem(vi_x)), 0);
	/* The aux domain's DID is 3: 1 is reserved in scalable mode, the parent's has 2. */
	vi_expect(vi_stale_51(p, 3));
	vi_mdev_parent_down(c, pd, true);
	vi_expect(vi_stale_51(p, 3));
	vi_down();
}
END_TEST

/*
 * Two mdevs of one AUX parent in one container: the second group moves
 * into the first one's domain, which is aux-attached to the parent twice
 * (the seed era's single auxd node, added twice; one record with two
 * users from v5.11).
 */
START_TEST(test_intel_two_mdevs)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct mdev_device *m1, *m2;
	struct iommu_domain *pd;
	void *c;

	vi_up(p);
	m1 = vi_mdev_parent(&pd);
	m2 = vt_mdev(2);
	ck_assert_int_eq(iommu_dev_enable_feature(vi_dev, IOMMU_DEV_FEAT_AUX), 0);
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m1))), 0);
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m2))), 0);
	ck_assert_int_eq(vt_map(c, 0x100000, VI_USER, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_uint_eq(vi_dma(1, 0x100010), VI_USER + 0x10);
	vi_expect(p == VR_IOMMU_PROFILE_5_1 ? "0000:6a:01.0: aux domain list corrupted" : NULL);
	/* The first mdev goes: from v5.11 the second one keeps PASID 1. */
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(m1)));
	if (p == VR_IOMMU_PROFILE_5_1) {
		vi_expect(vi_stale_51(p, 3));
		vi_expect("0000:6a:01.0: aux domain list corrupted");
	} else {
		vi_invariants();
		ck_assert_uint_eq(vi_dma(1, 0x100010), VI_USER + 0x10);
	}
	vi_mdev_parent_down(c, pd, true);
	vi_invariants();
	vi_down();
}
END_TEST

START_TEST(test_intel_mdev_whole_device)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *pd;
	struct mdev_device *m;
	void *c;

	vi_up(p);
	m = vi_mdev_parent(&pd);
	c = vt_open();
	/* AUX off: the container's domain takes the whole parent. */
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m))), 0);
	ck_assert_ptr_ne(iommu_get_domain_for_dev(vi_dev), pd);
	ck_assert_int_eq(vt_map(c, 0x100000, VI_USER, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_uint_eq(vi_dma(-1, 0x100010), VI_USER + 0x10);
	vi_invariants();
	vfio_iommu_type1_detach_group(c, vt_group(mdev_dev(m)));
	/* Without a default domain the parent is on none afterwards. */
	ck_assert_ptr_null(iommu_get_domain_for_dev(vi_dev));
	ck_assert_uint_eq(vi_dma(-1, 0x100010), ~0ull);
	/*
	 * The attach tore the parent's domain down first, so the container's
	 * domain got the lowest free DID again, 2, on the RID_PASID entry.
	 */
	vi_expect(vi_stale_51(p, 2));
	vfio_iommu_type1_release(c);
	mdev_unregister_parent(&vt_parent);
	iommu_domain_free(pd);
	vi_expect(vi_stale_51(p, 2));
	vi_down();
}
END_TEST

START_TEST(test_intel_mainline_mdev_external)
{
	struct iommu_domain *pd;
	struct mdev_device *m;
	void *c;

	vi_up(VR_IOMMU_PROFILE_MAINLINE);
	m = vi_mdev_parent(&pd);
	c = vt_open();
	ck_assert_int_eq(vfio_iommu_type1_attach_group(c, vt_group(mdev_dev(m))), 0);
	/* The external domain: the parent's DMA is untouched, nothing is pinned. */
	ck_assert_ptr_eq(iommu_get_domain_for_dev(vi_dev), pd);
	ck_assert_int_eq(vt_map(c, 0x100000, VI_USER, 0x1000, VFIO_DMA_MAP_FLAG_READ), 0);
	ck_assert_uint_eq(vr_mem_pinned(vr_iommu_mem(vi_x)), 0);
	ck_assert_uint_eq(vi_dma(-1, 0x100010), ~0ull);
	vi_mdev_parent_down(c, pd, false);
	vi_invariants();
	vi_down();
}
END_TEST

static const struct vr_test mdev_tests[] = {
	VR_TEST(test_mdev_hook),
};

static const struct vr_test attach_tests[] = {
	VR_TEST(test_group_twice_einval),
	VR_TEST(test_external_domain),
	VR_TEST(test_mainline_mdev_is_emulated),
	VR_TEST(test_alloc_null_eio),
	VR_TEST(test_aux_attach),
	VR_TEST(test_whole_device_attach),
	VR_TEST(test_compatible_domain_reuse),
	VR_TEST(test_attach_checks),
};

static const struct vr_test dma_tests[] = {
	VR_TEST(test_map_into_every_domain),
	VR_TEST(test_map_errors),
	VR_TEST(test_alloc_failure_sweep),
};

static const struct vr_test intel_tests[] = {
	VR_LOOP_TEST(test_intel_pci_group, VR_IOMMU_PROFILE_5_1, VR_IOMMU_NR_PROFILES),
	VR_LOOP_TEST(test_intel_mdev_aux, VR_IOMMU_PROFILE_5_1, VR_IOMMU_PROFILE_MAINLINE),
	VR_LOOP_TEST(test_intel_two_mdevs, VR_IOMMU_PROFILE_5_1, VR_IOMMU_PROFILE_MAINLINE),
	VR_LOOP_TEST(test_intel_mdev_whole_device, VR_IOMMU_PROFILE_5_1, VR_IOMMU_PROFILE_MAINLINE),
	VR_TEST(test_intel_mainline_mdev_external),
};

static const struct vr_tcase iommu_vfio_tcases[] = {
	VR_TCASE("mdev", mdev_tests),
	VR_TCASE("intel", intel_tests),
	VR_TCASE("attach", attach_tests),
	VR_TCASE("dma", dma_tests),
};

const struct vr_suite vr_suite_iommu_vfio = VR_SUITE("iommu_vfio", iommu_vfio_tcases);
