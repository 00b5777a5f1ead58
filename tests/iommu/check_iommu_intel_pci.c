// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The PCI functions the driver probes: the extended capability list in
 * configuration space, the ATS, PRI and PASID calls with the kernel's
 * errnos, and the AUX feature's probe of the Scalable IOV DVSEC.
 */
#include "intel_test.h"

START_TEST(test_capability_list)
{
	struct vr_iommu_pci_config pc;
	struct pci_dev *pdev;
	struct device *dev;
	struct iti t;
	u32 v = 0;
	u16 w = 0;

	iti_up(&t, VR_IOMMU_PROFILE_MAINLINE);
	pdev = to_pci_dev(t.dev);
	ck_assert_str_eq(dev_name(t.dev), "0000:6a:01.0");
	ck_assert(dev_is_pci(t.dev));
	ck_assert_int_eq(pci_read_config_dword(pdev, 0, &v), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(v, 0x0b258086u);
	/* PASID at 0x100, then the DVSEC at 0x110. */
	ck_assert_int_eq(pci_read_config_dword(pdev, 0x100, &v), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(v, 0x1101001bu);
	ck_assert_int_eq(pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_PASID), 0x100);
	ck_assert_int_eq(pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_DVSEC), 0x110);
	ck_assert_int_eq(pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_ATS), 0);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x114, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, 0x8086);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x118, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, 5);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x101, &w), PCIBIOS_BAD_REGISTER_NUMBER);
	ck_assert_int_eq(pci_max_pasids(pdev), 1 << 20);
	ck_assert_int_eq(pci_pasid_features(pdev), 0);

	iti_pci_default(&pc, 0x0100);
	pc.pasid_width = 5;
	pc.pasid_exec = true;
	pc.ats = true;
	pc.pri = true;
	pc.pri_max_requests = 16;
	pc.siov = false;
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, &dev), 0);
	pdev = to_pci_dev(dev);
	ck_assert_int_eq(pci_max_pasids(pdev), 32);
	ck_assert_int_eq(pci_pasid_features(pdev), PCI_PASID_CAP_EXEC);
	ck_assert_int_eq(pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_ATS), 0x110);
	ck_assert_uint_eq(pdev->ats_cap, 0x110); /* noted at enumeration */
	ck_assert_int_eq(pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_PRI), 0x120);
	ck_assert_int_eq(pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_DVSEC), 0);
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, NULL), -EEXIST);
	pc.bdf = 0x0101;
	pc.pasid_width = 21;
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, NULL), -EINVAL);
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 1, &pc, NULL), -EINVAL);
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, NULL, NULL), -EINVAL);
	iti_down(&t);
}
END_TEST

START_TEST(test_ats_pri_pasid_errnos)
{
	struct vr_iommu_pci_config pc;
	struct pci_dev *pdev;
	struct device *dev;
	struct iti t;
	u32 v = 0;
	u16 w = 0;

	iti_up(&t, VR_IOMMU_PROFILE_MAINLINE);
	iti_pci_default(&pc, 0x0100);
	pc.pasid_priv = true;
	pc.ats = true;
	pc.ats_qdep = 0;
	pc.pri = true;
	pc.pri_max_requests = 16;
	pc.eetlp_prefix = false;
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, &dev), 0);
	pdev = to_pci_dev(dev);

	ck_assert_int_eq(pci_enable_pasid(pdev, 0), -EINVAL); /* no end-to-end prefixes */
	pdev->eetlp_prefix_path = 1;
	ck_assert_int_eq(pci_enable_pasid(pdev, PCI_PASID_CAP_EXEC), -EINVAL);
	ck_assert_int_eq(pci_enable_pasid(pdev, PCI_PASID_CAP_PRIV), 0);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x106, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, PCI_PASID_CTRL_ENABLE | PCI_PASID_CTRL_PRIV);
	vr_warn_reset();
	ck_assert_int_eq(pci_enable_pasid(pdev, 0), -EBUSY);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();

	ck_assert_int_eq(pci_enable_ats(pdev, 11), -EINVAL);
	ck_assert_int_eq(pci_enable_ats(pdev, 12), 0);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x116, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, 0x8000);
	ck_assert_int_eq(pci_ats_queue_depth(pdev), 32);
	pci_disable_ats(pdev);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x116, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, 0);

	ck_assert_int_eq(pci_reset_pri(pdev), 0);
	ck_assert_int_eq(pci_enable_pri(pdev, 32), 0);
	ck_assert_uint_eq(pdev->pri_reqs_alloc, 16);
	ck_assert_int_eq(pci_read_config_dword(pdev, 0x12c, &v), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(v, 16);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x126, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, 0); /* running: not Stopped */
	pci_disable_pri(pdev);
	ck_assert_int_eq(pci_read_config_word(pdev, 0x126, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, PCI_PRI_STATUS_STOPPED);

	ck_assert_int_eq(pci_enable_pri(to_pci_dev(t.dev), 32), -EINVAL);
	ck_assert_int_eq(pci_enable_ats(to_pci_dev(t.dev), 12), -EINVAL);
	ck_assert_int_eq(pci_ats_queue_depth(to_pci_dev(t.dev)), -EINVAL);
	vr_warn_reset();
	iti_down(&t);
}
END_TEST

/* The AUX feature needs the PASID capability and the Scalable IOV DVSEC. */
START_TEST(test_aux_feature_probe)
{
	struct vr_iommu_pci_config pc;
	struct device *nodvsec, *nopasid;
	struct iti t;

	iti_up(&t, VR_IOMMU_PROFILE_5_1);
	ck_assert(t.ops->dev_has_feat(t.dev, IOMMU_DEV_FEAT_AUX));
	ck_assert(!t.ops->dev_has_feat(t.dev, IOMMU_DEV_FEAT_SVA));
	iti_pci_default(&pc, 0x0100);
	pc.siov = false;
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, &nodvsec), 0);
	ck_assert(!t.ops->dev_has_feat(nodvsec, IOMMU_DEV_FEAT_AUX));
	iti_pci_default(&pc, 0x0200);
	pc.pasid = false;
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, &nopasid), 0);
	ck_assert(!t.ops->dev_has_feat(nopasid, IOMMU_DEV_FEAT_AUX));
	/* No domain yet: intel_iommu_enable_pasid() fails, enable says -ENODEV. */
	ck_assert_int_eq(t.ops->dev_enable_feat(t.dev, IOMMU_DEV_FEAT_AUX), -ENODEV);
	ck_assert(!t.ops->dev_feat_enabled(t.dev, IOMMU_DEV_FEAT_AUX));
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

static const struct vr_test pci_tests[] = {
	VR_TEST(test_capability_list),
	VR_TEST(test_ats_pri_pasid_errnos),
	VR_TEST(test_aux_feature_probe),
};

static const struct vr_tcase iommu_intel_pci_tcases[] = {
	VR_TCASE("pci", pci_tests),
};

const struct vr_suite vr_suite_iommu_intel_pci =
	VR_SUITE("iommu_intel_pci", iommu_intel_pci_tcases);
