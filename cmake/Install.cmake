# Install rules and the Debian package. Included from the top-level CMakeLists.txt.
#
#   cmake --install build [--prefix /usr/local]      honours CMAKE_INSTALL_PREFIX and DESTDIR
#   cd build && cpack -G DEB                         cskpi_<version>_<arch>.deb for /usr
#
# <prefix>/bin/cskpi, <prefix>/share/man/man1/cskpi.1.gz, the bash completion, the example
# definitions and sample exports in <prefix>/share/cskpi, the docs in <prefix>/share/doc/cskpi,
# the systemd units in <prefix>/lib/systemd/system and the system's report definitions in
# <sysconfdir>/cskpi: /etc/cskpi for the prefix /usr, <prefix>/etc/cskpi otherwise.
include(GNUInstallDirs)

# The package's summary and description, also the man page's NAME and DESCRIPTION.
set(CSKPI_SUMMARY "customer-service KPIs, year over year, with next year's targets")
set(CSKPI_DESCRIPTION
  "cskpi reads a help desk's exports (tickets, surveys, staff roster, calls), computes the
customer-service KPIs of the year against the year before, proposes next year's targets and
writes Excel workbooks and a summary JSON. The package brings systemd timers for the monthly
tracking run and the year-end run (disabled until enabled), running as the user cskpi.")
string(REPLACE "\n" " " CSKPI_DESCRIPTION_LINE "${CSKPI_DESCRIPTION}")

# The man page and the bash completion are made from the built binary's --help output.
set(CSKPI_GENERATED ${PROJECT_BINARY_DIR}/packaging)
set(CSKPI_DOC_TOOLS
  ${PROJECT_SOURCE_DIR}/packaging/gen-docs.sh ${PROJECT_SOURCE_DIR}/packaging/help-table.awk
  ${PROJECT_SOURCE_DIR}/packaging/man.awk ${PROJECT_SOURCE_DIR}/packaging/completion.awk
  ${PROJECT_SOURCE_DIR}/packaging/cskpi.1.extra)
add_custom_command(
  OUTPUT ${CSKPI_GENERATED}/cskpi.1.gz ${CSKPI_GENERATED}/cskpi.bash-completion
  COMMAND sh ${PROJECT_SOURCE_DIR}/packaging/gen-docs.sh $<TARGET_FILE:cskpi> ${CSKPI_GENERATED}
          ${PROJECT_VERSION} ${CSKPI_SUMMARY} ${CSKPI_DESCRIPTION_LINE}
  DEPENDS cskpi ${CSKPI_DOC_TOOLS} ${CMAKE_CURRENT_LIST_FILE}
  COMMENT "Generating cskpi(1) and the bash completion from cskpi --help"
  VERBATIM)
add_custom_target(cskpi_docs ALL DEPENDS ${CSKPI_GENERATED}/cskpi.1.gz ${CSKPI_GENERATED}/cskpi.bash-completion)

install(TARGETS cskpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CSKPI_GENERATED}/cskpi.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CSKPI_GENERATED}/cskpi.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME cskpi)
file(GLOB CSKPI_EXAMPLE_REPORTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/reports/*.ini)
file(GLOB CSKPI_SAMPLE_EXPORTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/samples/*.csv)
# reports/*.ini read ../samples, so the two folders stay side by side.
install(FILES ${CSKPI_EXAMPLE_REPORTS} DESTINATION ${CMAKE_INSTALL_DATADIR}/cskpi/reports)
install(FILES ${CSKPI_SAMPLE_EXPORTS} DESTINATION ${CMAKE_INSTALL_DATADIR}/cskpi/samples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# Units and /etc/cskpi name the binary and the definitions by absolute path, so they are
# made at install time from the prefix then in effect (cmake --install --prefix, cpack).
install(CODE "
  set(CSKPI_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(CSKPI_GENERATED \"${CSKPI_GENERATED}\")
  set(CSKPI_INSTALL_BINDIR \"${CMAKE_INSTALL_BINDIR}\")")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/InstallSystemFiles.cmake)

# The Debian package: cpack -G DEB in the build folder.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cskpi)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY ${CSKPI_SUMMARY})
set(CPACK_PACKAGE_DESCRIPTION ${CSKPI_DESCRIPTION})
set(CSKPI_PACKAGE_MAINTAINER "cskpi maintainers <cskpi@example.com>" CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT ${CSKPI_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
# Install with DESTDIR and the real prefix, so /etc/cskpi and the units' paths are right.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Beyond the shared libraries: adduser for the system user, tzdata for the IANA time zones.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
