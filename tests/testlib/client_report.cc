#include "tests/testlib/client_report.h"

#include <gtest/gtest.h>

#include "tests/testlib/run.h"
#include "util/shell_quote.h"

namespace scry::testing {

nlohmann::json ClientReport(const std::filesystem::path& cwd, const std::string& script,
                            const nlohmann::json& steps) {
  RunResult r = NodeClient(cwd, script, ShellQuote(ScryBinary()) + " " + ShellQuote(steps.dump()));
  EXPECT_EQ(r.status, 0) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << r.out << r.err;
  return report;
}

}  // namespace scry::testing
