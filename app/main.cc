#include <cstdio>

int main() {
  std::fputs("scry: not built yet\n", stderr);
  return 2;
}
