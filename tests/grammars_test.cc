#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "grammars/languages.h"
#include "grammars/tree_sitter_ptr.h"
#include "tree_sitter/api.h"

namespace scry {
namespace {

using enum Language;

TreePtr Parse(Language language, std::string_view source) {
  ParserPtr parser(ts_parser_new());
  EXPECT_TRUE(ts_parser_set_language(parser.get(), TreeSitterLanguage(language)));
  return TreePtr(ts_parser_parse_string(parser.get(), nullptr, source.data(), source.size()));
}

std::string SExpression(TSNode node) {
  char* text = ts_node_string(node);
  std::string result(text);
  free(text);
  return result;
}

// Compiles the tags query, reporting where it fails.
QueryPtr CompileTags(Language language) {
  std::string_view text = TagsQuery(language);
  uint32_t error_offset = 0;
  TSQueryError error = TSQueryErrorNone;
  QueryPtr query(ts_query_new(TreeSitterLanguage(language), text.data(), text.size(), &error_offset, &error));
  EXPECT_NE(query, nullptr) << LanguageName(language) << ": tags.scm error " << error << " at offset "
                            << error_offset << ": " << text.substr(error_offset, 80);
  return query;
}

// The texts of the @name captures of the tags query's @definition.* patterns.
std::set<std::string> DefinedNames(Language language, std::string_view source) {
  QueryPtr query = CompileTags(language);
  if (!query) return {};
  TreePtr tree = Parse(language, source);
  QueryCursorPtr cursor(ts_query_cursor_new());
  ts_query_cursor_exec(cursor.get(), query.get(), ts_tree_root_node(tree.get()));
  std::set<std::string> names;
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor.get(), &match)) {
    std::string name;
    bool definition = false;
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      uint32_t length = 0;
      const char* text = ts_query_capture_name_for_id(query.get(), match.captures[i].index, &length);
      std::string_view capture(text, length);
      TSNode node = match.captures[i].node;
      if (capture == "name") {
        name = source.substr(ts_node_start_byte(node), ts_node_end_byte(node) - ts_node_start_byte(node));
      }
      definition |= capture.starts_with("definition.");
    }
    if (definition && !name.empty()) names.insert(name);
  }
  return names;
}

struct Snippet {
  Language language;
  std::string_view source;
  std::vector<std::string_view> top_level;  // the root's named children, in order
  std::set<std::string> definitions;        // names the tags query defines; empty without tags.scm
};

const std::vector<Snippet>& Snippets() {
  static const std::vector<Snippet> kSnippets = {
      {kC,
       R"(#include <stdio.h>

struct point {
  int x, y;
};

static int area(const struct point *p) {
  return p->x * p->y;
}
)",
       {"preproc_include", "struct_specifier", "function_definition"},
       {"point", "area"}},
      {kCpp,
       R"(#include <vector>

namespace geo {
class Shape {
 public:
  virtual ~Shape() = default;
  virtual double Area() const = 0;
};
}  // namespace geo

template <typename T>
T Sum(const std::vector<T>& v) {
  T total{};
  for (const auto& x : v) total += x;
  return total;
}
)",
       {"preproc_include", "namespace_definition", "comment", "template_declaration"},
       {"Shape", "Sum"}},
      {kCSharp,
       R"(using System;

namespace Geo {
    public class Circle {
        private readonly double r;
        public Circle(double r) { this.r = r; }
        public double Area() => Math.PI * r * r;
    }
}
)",
       {"using_directive", "namespace_declaration"},
       {"Circle", "Area"}},
      {kGo,
       R"(package geo

import "math"

type Circle struct {
	R float64
}

func (c Circle) Area() float64 {
	return math.Pi * c.R * c.R
}
)",
       {"package_clause", "import_declaration", "type_declaration", "method_declaration"},
       {"Circle", "Area"}},
      {kJava,
       R"(package geo;

import java.util.List;

public class Circle implements Shape {
    private final double r;

    public Circle(double r) { this.r = r; }

    @Override
    public double area() { return Math.PI * r * r; }
}
)",
       {"package_declaration", "import_declaration", "class_declaration"},
       {"Circle", "area"}},
      {kJavaScript,
       R"(import { pi } from "./math.js";

export class Circle {
  constructor(r) {
    this.r = r;
  }
  area() {
    return pi * this.r ** 2;
  }
}

function total(shapes) {
  return shapes.reduce((sum, s) => sum + s.area(), 0);
}
)",
       {"import_statement", "export_statement", "function_declaration"},
       {"Circle", "area", "total"}},
      {kTypeScript,
       R"(interface Shape {
  area(): number;
}

export class Circle implements Shape {
  constructor(private readonly r: number) {}
  area(): number {
    return Math.PI * this.r ** 2;
  }
}

function total<T extends Shape>(shapes: T[]): number {
  return shapes.reduce((sum, s) => sum + s.area(), 0);
}
)",
       {"interface_declaration", "export_statement", "function_declaration"},
       {"Shape", "Circle", "area", "total"}},
      {kTsx,
       R"(import React from "react";

interface Props {
  name: string;
}

export function Greeting({ name }: Props) {
  return <div className="greeting">Hello, {name}!</div>;
}
)",
       {"import_statement", "interface_declaration", "export_statement"},
       {"Props", "Greeting"}},
      {kPython,
       R"(import math


class Circle:
    """A circle."""

    def __init__(self, r: float) -> None:
        self.r = r

    def area(self) -> float:
        return math.pi * self.r ** 2


def total(shapes):
    return sum(s.area() for s in shapes)
)",
       {"import_statement", "class_definition", "function_definition"},
       {"Circle", "area", "total"}},
      {kRust,
       R"(use std::f64::consts::PI;

pub struct Circle {
    r: f64,
}

impl Circle {
    pub fn area(&self) -> f64 {
        PI * self.r * self.r
    }
}

fn total(shapes: &[Circle]) -> f64 {
    shapes.iter().map(Circle::area).sum()
}
)",
       {"use_declaration", "struct_item", "impl_item", "function_item"},
       {"Circle", "area", "total"}},
      {kRuby,
       R"(require "json"

module Geo
  class Circle
    def initialize(r)
      @r = r
    end

    def area
      Math::PI * @r**2
    end
  end
end
)",
       {"call", "module"},
       {"Geo", "Circle", "area"}},
      {kPhp,
       R"(<?php
namespace Geo;

class Circle {
    public function __construct(private float $r) {}

    public function area(): float {
        return M_PI * $this->r ** 2;
    }
}

function total(array $shapes): float {
    return array_sum(array_map(fn($s) => $s->area(), $shapes));
}
)",
       {"php_tag", "namespace_definition", "class_declaration", "function_definition"},
       {"Circle", "area", "total"}},
      {kBash,
       R"(#!/usr/bin/env bash
set -euo pipefail

greet() {
  local name=$1
  echo "hello, ${name}"
}

for f in "$@"; do
  greet "$f"
done
)",
       {"comment", "command", "function_definition", "for_statement"},
       {}},
      {kScala,
       R"(package geo

import scala.math.Pi

trait Shape {
  def area: Double
}

case class Circle(r: Double) extends Shape {
  def area: Double = Pi * r * r
}

object Shapes {
  def total(shapes: Seq[Shape]): Double = shapes.map(_.area).sum
}
)",
       {"package_clause", "import_declaration", "trait_definition", "class_definition", "object_definition"},
       {"Shape", "Circle", "area", "Shapes", "total"}},
  };
  return kSnippets;
}

TEST(Grammars, EveryLanguageHasASnippet) {
  std::set<Language> covered;
  for (const Snippet& snippet : Snippets()) covered.insert(snippet.language);
  EXPECT_EQ(covered, std::set<Language>(AllLanguages().begin(), AllLanguages().end()));
}

TEST(Grammars, AbiIsOneTheCoreReads) {
  for (Language language : AllLanguages()) {
    uint32_t abi = ts_language_abi_version(TreeSitterLanguage(language));
    EXPECT_GE(abi, TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) << LanguageName(language);
    EXPECT_LE(abi, TREE_SITTER_LANGUAGE_VERSION) << LanguageName(language);
  }
}

TEST(Grammars, NamesRoundTrip) {
  for (Language language : AllLanguages()) {
    EXPECT_EQ(LanguageFromName(LanguageName(language)), language) << LanguageName(language);
  }
  EXPECT_EQ(LanguageName(kCSharp), "csharp");
  EXPECT_EQ(LanguageName(kJavaScript), "js");
  EXPECT_EQ(LanguageFromName("javascript"), std::nullopt);
}

TEST(Grammars, SnippetsParseWithoutErrors) {
  for (const Snippet& snippet : Snippets()) {
    SCOPED_TRACE(LanguageName(snippet.language));
    TreePtr tree = Parse(snippet.language, snippet.source);
    ASSERT_NE(tree, nullptr);
    TSNode root = ts_tree_root_node(tree.get());
    EXPECT_FALSE(ts_node_has_error(root)) << SExpression(root);
    std::vector<std::string_view> top_level;
    for (uint32_t i = 0; i < ts_node_named_child_count(root); ++i) {
      top_level.push_back(ts_node_type(ts_node_named_child(root, i)));
    }
    EXPECT_EQ(top_level, snippet.top_level) << SExpression(root);
  }
}

TEST(Grammars, TagsQueriesCompile) {
  for (Language language : AllLanguages()) {
    // Only tree-sitter-bash's package ships no tags.scm.
    EXPECT_EQ(TagsQuery(language).empty(), language == kBash) << LanguageName(language);
    if (!TagsQuery(language).empty()) CompileTags(language);
  }
}

TEST(Grammars, TagsQueriesFindTheDefinitions) {
  for (const Snippet& snippet : Snippets()) {
    if (TagsQuery(snippet.language).empty()) continue;
    std::set<std::string> found = DefinedNames(snippet.language, snippet.source);
    for (const std::string& name : snippet.definitions) {
      EXPECT_TRUE(found.contains(name)) << LanguageName(snippet.language) << ": " << name;
    }
  }
}

TEST(Grammars, TypeScriptTagsIncludeJavaScriptTags) {
  // tree-sitter-typescript's own tags.scm names only TypeScript's additions (interfaces, abstract
  // classes, signatures); functions come from JavaScript's tags.scm appended after it.
  EXPECT_TRUE(DefinedNames(kTypeScript, "function f() {}\n").contains("f"));
  EXPECT_TRUE(DefinedNames(kTsx, "function f() { return <a/>; }\n").contains("f"));
}

struct DetectCase {
  std::string_view path;
  std::string_view content;
  std::optional<Language> expected;
};

constexpr DetectCase kDetectCases[] = {
    // Extensions.
    {"main.c", "", kC},
    {"include/linux/list.h", "", kC},
    {"a.cc", "", kCpp},
    {"a.cpp", "", kCpp},
    {"a.cxx", "", kCpp},
    {"a.hpp", "", kCpp},
    {"a.hh", "", kCpp},
    {"a.hxx", "", kCpp},
    {"a.h++", "", kCpp},
    {"A.C", "", kCpp},
    {"Program.cs", "", kCSharp},
    {"cmd/main.go", "", kGo},
    {"src/Main.java", "", kJava},
    {"app.js", "", kJavaScript},
    {"app.mjs", "", kJavaScript},
    {"app.cjs", "", kJavaScript},
    {"App.jsx", "", kJavaScript},
    {"index.ts", "", kTypeScript},
    {"index.d.ts", "", kTypeScript},
    {"mod.mts", "", kTypeScript},
    {"mod.cts", "", kTypeScript},
    {"App.tsx", "", kTsx},
    {"setup.py", "", kPython},
    {"stubs.pyi", "", kPython},
    {"lib.rs", "", kRust},
    {"app.rb", "", kRuby},
    {"tasks/db.rake", "", kRuby},
    {"scry.gemspec", "", kRuby},
    {"index.php", "", kPhp},
    {"build.sh", "", kBash},
    {"lib.bash", "", kBash},
    {"Main.scala", "", kScala},
    {"build.sbt", "", kScala},
    // Well-known names.
    {"Rakefile", "", kRuby},
    {"Gemfile", "", kRuby},
    {"home/.bashrc", "", kBash},
    {".bash_profile", "", kBash},
    {"PKGBUILD", "", kBash},
    // The extension wins over the content.
    {"notes.py", "#!/bin/sh\n", kPython},
    // Shebangs.
    {"configure", "#!/bin/sh\necho hi\n", kBash},
    {"run", "#!/usr/bin/env bash\n", kBash},
    {"run", "#! /bin/bash -e\n", kBash},
    {"tool", "#!/usr/bin/env python3\nimport sys\n", kPython},
    {"tool", "#!/usr/bin/python3.11 -u\n", kPython},
    {"tool", "#!/usr/bin/env -S node --no-warnings\n", kJavaScript},
    {"tool", "#!/usr/bin/env LANG=C ruby\n", kRuby},
    {"tool", "#!/usr/bin/php\n<?php echo 1;\n", kPhp},
    {"page", "<?php\necho 'hi';\n", kPhp},
    // Not ours.
    {"Makefile", "all:\n\techo hi\n", std::nullopt},
    {"README.md", "", std::nullopt},
    {"script", "#!/usr/bin/perl\n", std::nullopt},
    {"script", "#!/usr/bin/env zsh\n", std::nullopt},
    {"data", "no shebang\n#!/bin/sh\n", std::nullopt},
    {"noext", "", std::nullopt},
    {".c", "", std::nullopt},
    {"dir.py/file", "", std::nullopt},
    {"a.c h", "", std::nullopt},
    {"Rakefile Gemfile", "", std::nullopt},
    {"", "", std::nullopt},
};

TEST(GrammarsDetect, Table) {
  for (const DetectCase& c : kDetectCases) {
    std::optional<Language> got = DetectLanguage(c.path, c.content);
    EXPECT_EQ(got, c.expected) << "path '" << c.path << "' content '" << c.content << "': got "
                               << (got ? LanguageName(*got) : "nothing");
  }
}

}  // namespace
}  // namespace scry
