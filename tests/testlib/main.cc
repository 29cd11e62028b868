// The tests' main: gtest's, except that a skipped test fails.
//
// No scry test skips itself, so a skip only ever means that a fixture's SetUpTestSuite failed and
// gtest skipped the suite's tests.  ctest (through gtest_discover_tests) would report those as
// skipped, not failed, and a broken suite would pass CI unnoticed.  So skips are printed as failures,
// never with gtest's "[  SKIPPED ]" marker that ctest looks for, and the exit status is non-zero.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

namespace {

class NoSkipPrinter : public ::testing::EmptyTestEventListener {
 public:
  explicit NoSkipPrinter(::testing::TestEventListener* printer) : printer_(printer) {}

  void OnTestProgramStart(const ::testing::UnitTest& u) override { printer_->OnTestProgramStart(u); }
  void OnTestIterationStart(const ::testing::UnitTest& u, int i) override {
    printer_->OnTestIterationStart(u, i);
  }
  void OnEnvironmentsSetUpStart(const ::testing::UnitTest& u) override {
    printer_->OnEnvironmentsSetUpStart(u);
  }
  void OnEnvironmentsSetUpEnd(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsSetUpEnd(u); }
  void OnTestSuiteStart(const ::testing::TestSuite& s) override { printer_->OnTestSuiteStart(s); }
  void OnTestStart(const ::testing::TestInfo& t) override { printer_->OnTestStart(t); }
  void OnTestPartResult(const ::testing::TestPartResult& r) override {
    if (!r.skipped()) printer_->OnTestPartResult(r);
  }
  void OnTestEnd(const ::testing::TestInfo& t) override {
    if (!t.result()->Skipped()) return printer_->OnTestEnd(t);
    std::printf("[  FAILED  ] %s.%s: not run, its suite's set-up failed (see above)\n", t.test_suite_name(),
                t.name());
    std::fflush(stdout);
  }
  void OnTestSuiteEnd(const ::testing::TestSuite& s) override { printer_->OnTestSuiteEnd(s); }
  void OnEnvironmentsTearDownStart(const ::testing::UnitTest& u) override {
    printer_->OnEnvironmentsTearDownStart(u);
  }
  void OnEnvironmentsTearDownEnd(const ::testing::UnitTest& u) override {
    printer_->OnEnvironmentsTearDownEnd(u);
  }
  void OnTestIterationEnd(const ::testing::UnitTest& u, int) override {
    std::printf("[==========] %d tests ran: %d passed, %d failed, %d not run.\n", u.test_to_run_count(),
                u.successful_test_count(), u.failed_test_count(), u.skipped_test_count());
    std::fflush(stdout);
  }
  void OnTestProgramEnd(const ::testing::UnitTest& u) override { printer_->OnTestProgramEnd(u); }

 private:
  std::unique_ptr<::testing::TestEventListener> printer_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
  listeners.Append(new NoSkipPrinter(listeners.Release(listeners.default_result_printer())));
  int status = RUN_ALL_TESTS();
  return status != 0 || ::testing::UnitTest::GetInstance()->skipped_test_count() > 0 ? 1 : 0;
}
