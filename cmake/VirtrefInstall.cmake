# SPDX-License-Identifier: GPL-2.0-only OR MIT
# Headers, the combined libraries and one static archive per model, a
# CMake package (find_package(virtref) gives virtref::virtref,
# virtref::virtref_static and virtref::virtref_<model>_static) and virtref.pc.
include(CMakePackageConfigHelpers)

install(DIRECTORY include/virtref DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS ${VR_LIBRARIES} EXPORT virtrefTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT virtrefTargets NAMESPACE virtref::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/virtref)
export(EXPORT virtrefTargets NAMESPACE virtref::
  FILE ${PROJECT_BINARY_DIR}/virtrefTargets.cmake)

configure_package_config_file(cmake/virtrefConfig.cmake.in
  ${PROJECT_BINARY_DIR}/virtrefConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/virtref)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/virtrefConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/virtrefConfig.cmake
              ${PROJECT_BINARY_DIR}/virtrefConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/virtref)

# Relocatable: the prefix is found from where the .pc file lies.
file(RELATIVE_PATH VR_PC_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig" "${CMAKE_INSTALL_PREFIX}")
configure_file(cmake/virtref.pc.in ${PROJECT_BINARY_DIR}/virtref.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/virtref.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# `cmake --build <dir> --target uninstall` undoes the last install.
add_custom_target(uninstall
  COMMAND ${CMAKE_COMMAND} -DMANIFEST=${PROJECT_BINARY_DIR}/install_manifest.txt
          -P ${PROJECT_SOURCE_DIR}/cmake/uninstall.cmake
  VERBATIM)
