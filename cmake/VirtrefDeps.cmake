# SPDX-License-Identifier: GPL-2.0-only OR MIT
# Dependencies come from pkg-config; a missing one names its Debian package.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package pkg-config")
endif()

pkg_check_modules(YAML IMPORTED_TARGET yaml-0.1)
if(NOT YAML_FOUND)
  message(FATAL_ERROR "libyaml not found: install the Debian package libyaml-dev")
endif()

if(VR_BUILD_TESTS)
  pkg_check_modules(CHECK IMPORTED_TARGET check)
  if(NOT CHECK_FOUND)
    message(FATAL_ERROR "Check not found: install the Debian package check")
  endif()
endif()
