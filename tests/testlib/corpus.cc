#include "tests/testlib/corpus.h"

#include <string>

#include "tests/testlib/run.h"

namespace scry::testing {

void WriteVariedCorpus(const TempTree& t) {
  t.Write("src/main.c",
          "#include <stdio.h>\n"
          "// Größe: compute the size of a buffer\n"
          "static int parse_header(const char *buf, int len) {\n"
          "  if (len < 4) return -1;  /* too short */\n"
          "  return buf[0] == 'H' ? 0 : 1;\n"
          "}\n\n"
          "int main(void) {\n"
          "\tprintf(\"hello, world\\n\");\n"
          "\treturn parse_header(\"HEAD\", 4);\n"
          "}\n");
  t.Write("src/util.go",
          "package util\n\n"
          "import \"strings\"\n\n"
          "// ParseConfig reads a configuration file.\n"
          "func ParseConfig(path string) (map[string]string, error) {\n"
          "\tm := map[string]string{}\n"
          "\tfor _, line := range strings.Split(path, \"\\n\") {\n"
          "\t\tm[line] = line\n"
          "\t}\n"
          "\treturn m, nil\n"
          "}\n");
  t.Write("src/lib.rs",
          "pub struct Handler { retries: u32 }\n"
          "impl Handler {\n"
          "    pub fn new() -> Self { Handler { retries: 3 } }\n"
          "    fn retry_request(&self) -> bool { self.retries > 0 }\n"
          "}\n");
  t.Write("lib/parser.py",
          "import re\n\n"
          "class Parser:\n"
          "    \"\"\"Parse tokens; naïve café résumé.\"\"\"\n"
          "    def __init__(self, text):\n"
          "        self.text = text\n\n"
          "    def tokens(self):\n"
          "        return re.findall(r'\\w+', self.text)\n");
  t.Write("web/app.js",
          "export function fetchWithRetry(url, retries = 3) {\n  return fetch(url).catch(() => "
          "retries > 0 ? fetchWithRetry(url, retries - 1) : null);\n}\n");
  t.Write("web/app.ts",
          "interface Config { url: string; timeoutMs: number }\nconst config: Config = { url: "
          "'http://localhost', timeoutMs: 1000 };\n");
  t.Write("docs/unicode.md",
          "# Ünïcödé\n"
          "Greek: αβγ ΣΊΣΥΦΟΣ σίσυφος\n"
          "Cyrillic: Привет мир, ПРИВЕТ\n"
          "CJK: 日本語のテキスト\n"
          "Kelvin: 5 \xe2\x84\xaa and long s: \xc5\xbftrange\n"
          "digits: ١٢٣ and 123\n"
          "spaces:\xc2\xa0nbsp\xe3\x80\x80ideographic\n"
          "words: foo_bar foo2 _foo foobar foo-bar FOO\n");
  t.Write("crlf.txt", "first line\r\nsecond needle line\r\n\r\nthird NEEDLE\r\nlast\r\n");
  t.Write("long.txt", std::string(3000, 'a') + " needle " + std::string(3000, 'b') + "\nshort needle\n");
  t.Write("empty.txt", "");
  t.Write("newlines.txt", "\n\n\n");
  t.Write("no-eol.txt", "ends without newline needle");
  t.Write("binary.bin", std::string("needle\0binary\0data", 18));
  t.Write("latin1.txt", "caf\xe9 needle \xff\xfe end\nplain needle\n");
  t.Write(".gitignore", "*.log\nbuild/\n");
  t.Write("debug.log", "needle in an ignored log\n");
  t.Write("build/out.c", "needle in an ignored directory\n");
  t.Write("sub/.gitignore", "secret.txt\n!keep.log\n");
  t.Write("sub/secret.txt", "needle secret\n");
  t.Write("sub/keep.log", "needle kept by negation\n");
  t.Write("sub/deep/er/file.txt", "deep needle\n");
  t.Write(".hidden/file.txt", "hidden needle\n");
  t.Write(".env", "needle=hidden\n");
  Run(t.root(), "git init -q . && git config user.email t@e.st && git config user.name test");
}

}  // namespace scry::testing
