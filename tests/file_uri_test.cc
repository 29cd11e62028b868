// file:// URIs: percent-encoding both ways, and the URIs that name no local file.
#include "app/file_uri.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace scry {
namespace {

std::string ErrorOf(std::string_view uri) {
  try {
    PathOfFileUri(uri);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
    return e.what();
  }
  return "no error";
}

TEST(FileUri, EncodesWhatIsNotUnreserved) {
  EXPECT_EQ(FileUri("/src/a-b_c.~d/x.go"), "file:///src/a-b_c.~d/x.go");
  EXPECT_EQ(FileUri("/my dir/caf\xc3\xa9#1.c"), "file:///my%20dir/caf%C3%A9%231.c");
}

TEST(FileUri, DecodesWhatEditorsSend) {
  EXPECT_EQ(PathOfFileUri("file:///my%20dir/caf%C3%A9%231.c"), "/my dir/caf\xc3\xa9#1.c");
  EXPECT_EQ(PathOfFileUri("file://localhost/etc/x"), "/etc/x");
  EXPECT_EQ(PathOfFileUri("file:///c%3a/x"), "/c:/x");
  for (const char* path : {"/a b/ü/%", "/plain"}) EXPECT_EQ(PathOfFileUri(FileUri(path)), path);
}

TEST(FileUri, RefusesWhatNamesNoLocalFile) {
  EXPECT_EQ(ErrorOf("http://example.com/a.c"), "http://example.com/a.c: not a file:// URI");
  EXPECT_EQ(ErrorOf("file://server/share/a.c"), "file://server/share/a.c: names a file on another host");
  EXPECT_EQ(ErrorOf("file:///a%2"), "file:///a%2: has a malformed %-escape");
  EXPECT_EQ(ErrorOf("file:///a%zz"), "file:///a%zz: has a malformed %-escape");
}

}  // namespace
}  // namespace scry
