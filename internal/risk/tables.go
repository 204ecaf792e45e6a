package risk

// The tables below are Amazon Macie Classic's published file-extension and
// content-type risks (awsdocs/macie-user-guide:
// doc_source/macie-classify-objects-file-extension.md and
// macie-classify-objects-content-type.md; see shared/reference/anchors.md
// §1.5–§1.6). Types and extensions not listed have risk 1.

// extensionRisk maps a lower-case extension without the dot to its risk.
var extensionRisk = func() map[string]int {
	m := map[string]int{}
	add := func(risk int, exts ...string) {
		for _, e := range exts {
			m[e] = risk
		}
	}
	add(8, "pst")
	add(6, "accdb", "cer", "csv", "dbf", "dbx", "mdb", "tsv")
	add(5, "abc", "bat", "c", "c#", "cc", "cpp", "cxx", "dwg", "dxf", "eml", "emlx", "gpg", "jar",
		"java", "json", "msg", "p12", "perl", "pgp", "pl", "py", "sldasm", "slddrw", "sldprt", "sql")
	add(3, "7z", "bin", "bz2", "bzip2", "cab", "gz", "gzip", "html", "lua", "rar", "tar.gz", "vsx",
		"vtx", "xml", "zip")
	add(1, "apk", "deb", "dmg", "doc", "docx", "dot", "dotx", "exe", "iwa", "key", "keynote", "msi",
		"odp", "oos", "pages", "pdf", "pot", "pps", "ppt", "pptx", "rtf", "sdp", "sdw", "sxi", "sxw",
		"txt", "vdx", "vsd", "vss", "vst", "vtw", "xls", "xlsx", "xlw", "xps")
	return m
}()

// contentTypeRisk maps a MIME type to its risk.
var contentTypeRisk = func() map[string]int {
	m := map[string]int{}
	add := func(risk int, types ...string) {
		for _, t := range types {
			m[t] = risk
		}
	}
	add(8, "application/pgp", "application/pgp-keys", "application/vnd.ms-pki.seccat",
		"application/x-pkcs12")
	add(7, "application/vnd.tcpdump.pcap", "application/x-dbm", "application/x-x509-ca-cert")
	add(6, "application/cap", "application/java-archive", "application/json", "application/msaccess",
		"application/rar", "application/vns.ms-outlook", "application/vnd.ms-outlook",
		"application/x-rar-compressed", "application/x-tar", "text/csv", "text/json",
		"text/tab-separated-values")
	add(5, "application/java", "application/java-serialized-object", "application/java-vm",
		"application/vnd.google-apps.script", "application/x-7z-compressed", "application/x-perl",
		"application/x-pkcs7-crl", "application/x-python-code", "application/x-sas", "chemical/x-pdb",
		"text/x-asm", "text/x-c", "text/x-c++src", "text/x-chdr", "text/x-csh", "text/x-csharp",
		"text/x-csrc", "text/x-java", "text/x-java-source", "text/x-objcsrc", "text/x-pascal",
		"text/x-perl", "text/x-python", "text/x-sh", "text/x-sql")
	add(4, "application/x-coredump")
	add(3, "application/zip", "application/x-gzip", "application/gzip", "application/x-bzip2",
		"application/x-gtar", "application/x-cab", "application/vnd.ms-cab-compressed",
		"application/x-stuffit", "application/tar", "application/x-zip",
		"application/x-zip-compressed", "application/x-dosexec", "application/x-executable",
		"application/x-msdos-program", "application/x-msi",
		"application/vnd.ms-excel.sheet.macroEnabled.12",
		"application/vnd.ms-excel.addin.macroEnabled.12",
		"application/vnd.ms-excel.sheet.binary.macroEnabled.12",
		"application/vnd.ms-excel.template.macroEnabled.12",
		"application/vnd.ms-word.document.macroEnabled.12", "application/vnd.visio",
		"application/vnd.android.package-archive", "application/x-apple-diskimage",
		"application/x-shellscript", "text/plain", "text/xml", "text/x-c++hdr")
	return m
}()

// contentTypeAliases maps the names mimetype reports to the names the
// Classic table uses where they differ.
var contentTypeAliases = map[string]string{
	"application/x-pem-file":                        "application/x-x509-ca-cert",
	"application/x-x509-cert":                       "application/x-x509-ca-cert",
	"application/vnd.ms-outlook":                    "application/vns.ms-outlook",
	"text/x-shellscript":                            "application/x-shellscript",
	"application/x-sharedlib":                       "application/x-executable",
	"application/x-elf":                             "application/x-executable",
	"application/x-mach-binary":                     "application/x-executable",
	"application/vnd.microsoft.portable-executable": "application/x-dosexec",
}
