#include "indexer/code_chunker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace scry {
namespace {

using enum Language;

// "kind scope|name first-last", one per symbol: compact enough to list every symbol of a fixture.
std::vector<std::string> Describe(const std::vector<Symbol>& symbols) {
  std::vector<std::string> lines;
  for (const Symbol& s : symbols) {
    lines.push_back(std::string(SymbolKindName(s.kind)) + " " + s.scope + "|" + s.name + " " +
                    std::to_string(s.first_line) + "-" + std::to_string(s.last_line));
  }
  return lines;
}

// Chunks are whole lines that cover [0, size) exactly once, in order, with consistent line numbers.
void ExpectCoverage(std::string_view content, const std::vector<Chunk>& chunks) {
  uint64_t pos = 0;
  uint32_t line = 1;
  for (const Chunk& chunk : chunks) {
    ASSERT_EQ(chunk.begin, pos);
    ASSERT_LT(chunk.begin, chunk.end);
    ASSERT_TRUE(chunk.begin == 0 || content[chunk.begin - 1] == '\n')
        << "chunk starts mid-line at " << chunk.begin;
    ASSERT_EQ(chunk.first_line, line);
    line += CountLines(content.substr(chunk.begin, chunk.end - chunk.begin));
    ASSERT_EQ(chunk.last_line, line - 1);
    pos = chunk.end;
  }
  ASSERT_EQ(pos, content.size());
}

struct Fixture {
  Language language;
  std::string_view source;
  std::vector<std::string> symbols;
};

class CodeChunkerFixtureTest : public testing::TestWithParam<Fixture> {};

TEST_P(CodeChunkerFixtureTest, SymbolsAndCoverage) {
  const Fixture& fixture = GetParam();
  CodeChunks result = ChunkCode(fixture.source, fixture.language);
  EXPECT_FALSE(result.fell_back);
  EXPECT_EQ(Describe(result.symbols), fixture.symbols);
  ExpectCoverage(fixture.source, result.chunks);
}

const Fixture kFixtures[] = {
    {kC,
     R"(#include <stdio.h>

#define MAX_USERS 64

/* A user of the system. */
struct user {
  int id;
  char name[32];
};

typedef struct user user_t;

enum color { RED, GREEN };

// Prints a user.
static void print_user(const user_t *u) {
  printf("%d %s\n", u->id, u->name);
}

int main(void) {
  return 0;
}
)",
     {"macro |MAX_USERS 3-3", "struct |user 5-9", "type |user_t 11-11", "enum |color 13-13",
      "function |print_user 15-18", "function |main 20-22"}},
    {kCpp,
     R"(#include <string>

namespace net {

// A connection.
class Client {
 public:
  int Do(const std::string& request);
};

template <typename T>
T Max(T a, T b) {
  return a > b ? a : b;
}

int Client::Do(const std::string& request) {
  return 0;
}

}  // namespace net
)",
     {"namespace |net 3-20", "class net|Client 5-9", "method net::Client|Do 8-8", "function net|Max 11-14",
      "method net::Client|Do 16-18"}},
    {kCSharp,
     R"(using System;

namespace Shop {
    /// <summary>An order.</summary>
    [Serializable]
    public class Order {
        public int Id { get; set; }

        public Order(int id) { Id = id; }

        public decimal Total() {
            return 0m;
        }
    }

    public interface IRepo { void Save(Order o); }

    public enum Status { Open, Closed }
}
)",
     {"namespace |Shop 3-19", "class Shop|Order 4-14", "field Shop.Order|Id 7-7",
      "method Shop.Order|Order 9-9", "method Shop.Order|Total 11-13", "interface Shop|IRepo 16-16",
      "method Shop.IRepo|Save 16-16", "enum Shop|Status 18-18"}},
    {kGo,
     R"(package http

import "net/url"

// Client sends requests.
type Client struct {
	Timeout int
}

type Doer interface {
	Do(u *url.URL) error
}

const DefaultPort = 80

// Do sends a request.
func (c *Client) Do(u *url.URL) error {
	return nil
}

func NewClient() *Client {
	return &Client{}
}
)",
     {"struct http|Client 5-8", "interface http|Doer 10-12", "constant http|DefaultPort 14-14",
      "method http.(*Client)|Do 16-19", "function http|NewClient 21-23"}},
    {kJava,
     R"(package shop;

import java.util.List;

/** An order. */
@Entity
public class Order {
    private int id;

    public Order(int id) { this.id = id; }

    /** The total. */
    @Override
    public int total() {
        return 0;
    }

    enum Status { OPEN, CLOSED }
}

interface Repo {
    void save(Order o);
}
)",
     {"class |Order 5-19", "method Order|Order 10-10", "method Order|total 12-16", "enum Order|Status 18-18",
      "interface |Repo 21-23", "method Repo|save 22-22"}},
    {kJavaScript,
     R"(import { readFile } from "fs";

// Loads the config.
export function load(path) {
  return readFile(path);
}

const parse = (text) => JSON.parse(text);

class Store {
  get(key) {
    return this.map[key];
  }
}

module.exports = { load };
)",
     {"function |load 3-6", "function |parse 8-8", "class |Store 10-14", "method Store|get 11-13"}},
    {kTypeScript,
     R"(import { A } from "./a";

export interface Shape {
  area(): number;
}

export type Id = string;

enum Color { Red, Green }

/** A circle. */
export class Circle implements Shape {
  constructor(private r: number) {}
  area(): number {
    return Math.PI * this.r * this.r;
  }
}

namespace Geometry {
  export function unit(): Circle { return new Circle(1); }
}
)",
     {"interface |Shape 3-5", "method Shape|area 4-4", "type |Id 7-7", "enum |Color 9-9",
      "class |Circle 11-17", "method Circle|constructor 13-13", "method Circle|area 14-16",
      "namespace |Geometry 19-21", "function Geometry|unit 20-20"}},
    {kTsx,
     R"(import React from "react";

interface Props {
  name: string;
}

// Greets someone.
export function Hello({ name }: Props) {
  return <div className="hello">Hello {name}</div>;
}

export const Bye = () => <span>Bye</span>;
)",
     {"interface |Props 3-5", "function |Hello 7-10", "function |Bye 12-12"}},
    {kPython,
     R"(import os

MAX = 10


class Repo:
    """A repository."""

    def __init__(self, path):
        self.path = path

    @property
    def name(self):
        return os.path.basename(self.path)


# Opens a repository.
def open_repo(path):
    def helper():
        return path
    return Repo(helper())
)",
     {"constant |MAX 3-3", "class |Repo 6-14", "method Repo|__init__ 9-10", "method Repo|name 12-14",
      "function |open_repo 17-21", "function open_repo|helper 19-20"}},
    {kRust,
     R"(use std::fmt;

/// A point.
#[derive(Debug)]
pub struct Point {
    x: i32,
}

pub trait Shape {
    fn area(&self) -> f64;
}

pub enum Kind { A, B }

const LIMIT: u32 = 8;

impl Point {
    /// Makes a point.
    pub fn new(x: i32) -> Self {
        Point { x }
    }
}

mod util {
    pub fn helper() {}
}

macro_rules! square {
    ($x:expr) => { $x * $x };
}
)",
     {"struct |Point 3-7", "trait |Shape 9-11", "enum |Kind 13-13", "constant |LIMIT 15-15",
      "method Point|new 18-21", "module |util 24-26", "function util|helper 25-25", "macro |square 28-30"}},
    {kRuby,
     R"(require "json"

# A store.
module Shop
  class Order
    def initialize(id)
      @id = id
    end

    def self.load(path)
      new(JSON.parse(File.read(path)))
    end
  end
end

def helper
  1
end
)",
     {"module |Shop 3-14", "class Shop|Order 5-13", "method Shop.Order|initialize 6-8",
      "method Shop.Order|load 10-12", "function |helper 16-18"}},
    {kPhp,
     R"(<?php

namespace App;

use Foo\Bar;

/** A user. */
class User
{
    private $name;

    public function getName()
    {
        return $this->name;
    }
}

interface Repo {}

trait Greets {}

function helper($x)
{
    return $x;
}
)",
     {"namespace |App 3-3", "class |User 7-16", "field User|name 10-10", "method User|getName 12-15",
      "interface |Repo 18-18", "trait |Greets 20-20", "function |helper 22-25"}},
    {kBash,
     R"(#!/bin/bash
set -euo pipefail

# Prints usage.
usage() {
  echo "usage: $0 file"
}

function main {
  usage
}

main "$@"
)",
     {"function |usage 4-7", "function |main 9-11"}},
    {kScala,
     R"(package shop

import scala.util.Try

/** An order. */
case class Order(id: Int)

trait Repo {
  def save(o: Order): Unit
}

object Repo {
  val Default = 1

  def apply(): Repo = new Repo {
    def save(o: Order): Unit = ()
  }
}

def helper(x: Int): Int = {
  val y = x + 1
  y
}
)",
     {"module |shop 1-1", "class |Order 5-6", "field Order|id 6-6", "trait |Repo 8-10", "class |Repo 12-18",
      "variable Repo|Default 13-13", "method Repo|apply 15-17", "function Repo.apply|save 16-16",
      "function |helper 20-23"}},
};

TEST(CodeChunkerTest, DefinitionsCarryTheirCommentsAndScope) {
  CodeChunks result = ChunkCode(kFixtures[3].source, kGo);  // Go
  ExpectCoverage(kFixtures[3].source, result.chunks);
  auto method =
      std::find_if(result.chunks.begin(), result.chunks.end(), [](const Chunk& c) { return c.name == "Do"; });
  ASSERT_NE(method, result.chunks.end());
  EXPECT_EQ(method->kind, ChunkKind::kDefinition);
  EXPECT_EQ(method->scope, "http.(*Client)");
  EXPECT_EQ(method->first_line, 15u);  // the blank line above goes with it, then the doc comment
  EXPECT_EQ(result.symbols[3].signature, "func (c *Client) Do(u *url.URL) error {");
}

// Regression: a Go constant shares its line with the `const` keyword of the declaration around it,
// and its chunk used to be an unnamed line window.
TEST(CodeChunkerTest, GoConstantIsANamedDefinitionFromItsKeyword) {
  CodeChunks result = ChunkCode(kFixtures[3].source, kGo);
  auto chunk = std::find_if(result.chunks.begin(), result.chunks.end(),
                            [](const Chunk& c) { return c.name == "DefaultPort"; });
  ASSERT_NE(chunk, result.chunks.end());
  EXPECT_EQ(chunk->kind, ChunkKind::kDefinition);
  EXPECT_EQ(chunk->scope, "http");
  EXPECT_EQ(chunk->last_line, 14u);
  auto symbol = std::find_if(result.symbols.begin(), result.symbols.end(),
                             [](const Symbol& s) { return s.name == "DefaultPort"; });
  ASSERT_NE(symbol, result.symbols.end());
  EXPECT_EQ(symbol->first_column, 0u);  // `const`, not the spec
  EXPECT_EQ(symbol->name_column, 6u);
  // In a group each spec is its own symbol, starting at its name.
  std::string grouped = "package p\n\nconst (\n\tA = 1\n\tB = 2\n)\n";
  CodeChunks group = ChunkCode(grouped, kGo);
  ExpectCoverage(grouped, group.chunks);
  ASSERT_EQ(Describe(group.symbols), (std::vector<std::string>{"constant p|A 4-4", "constant p|B 5-5"}));
  EXPECT_EQ(group.symbols[0].first_column, 1u);
}

TEST(CodeChunkerTest, LargeClassSplitsUnderTheBudget) {
  std::string source = "class Big:\n";
  for (int i = 0; i < 200; ++i) {
    source += "    def m" + std::to_string(i) + "(self):\n        return " + std::to_string(i) + "\n\n";
  }
  ChunkBudget budget;
  CodeChunks result = ChunkCode(source, kPython, budget);
  ExpectCoverage(source, result.chunks);
  EXPECT_EQ(result.symbols.size(), 201u);
  EXPECT_GT(result.chunks.size(), 1u);
  for (const Chunk& chunk : result.chunks) {
    EXPECT_LE(chunk.end - chunk.begin, budget.max_bytes);
    EXPECT_LE(chunk.last_line - chunk.first_line + 1, budget.max_lines);
    EXPECT_EQ(chunk.kind, ChunkKind::kDefinition);
  }
}

TEST(CodeChunkerTest, SmallStatementsMergeUpToTheBudget) {
  std::string source;
  for (int i = 0; i < 300; ++i) source += "echo " + std::to_string(i) + "\n";
  ChunkBudget budget;
  CodeChunks result = ChunkCode(source, kBash, budget);
  ExpectCoverage(source, result.chunks);
  EXPECT_EQ(result.chunks.size(), 5u);  // 300 lines in windows of 60
  for (const Chunk& chunk : result.chunks) EXPECT_EQ(chunk.kind, ChunkKind::kMerged);
}

TEST(CodeChunkerTest, MalformedInputStillCoversEveryByte) {
  std::vector<std::pair<Language, std::string>> inputs;
  inputs.emplace_back(kRust, std::string(kFixtures[9].source.substr(0, 200)));  // truncated
  inputs.emplace_back(kJavaScript, std::string(5000, '[') + std::string(5000, ']') + "\n");
  std::string nested;
  for (int i = 0; i < 5000; ++i) nested += "{\n";
  inputs.emplace_back(kC, "void f() " + nested);
  inputs.emplace_back(kPython, "def f():\n    return '\xff\xfe\xc3'\n\x80\x81 = 1\n");
  for (const auto& [language, source] : inputs) {
    CodeChunks result = ChunkCode(source, language);
    ExpectCoverage(source, result.chunks);
  }
}

// Regression: marking the ancestors of a definition walked up with ts_node_parent, which searches
// down from the root, so a definition 20,000 brackets deep took the square of that: 10 s in a
// Release build.  It takes well under a second now; the bound is loose for sanitizer builds.
TEST(CodeChunkerTest, DefinitionDeepInsideNestingIsFoundQuickly) {
  std::vector<std::pair<Language, std::string>> inputs;
  inputs.emplace_back(kJavaScript, "const x = " + std::string(20'000, '[') +
                                       "function deepest(a) { return a; }" + std::string(20'000, ']') +
                                       ";\n");
  std::string c = "void outer(void) ";
  for (int i = 0; i < 20'000; ++i) c += "{\n";
  c += "int deepest(void);\n";
  for (int i = 0; i < 20'000; ++i) c += "}\n";
  inputs.emplace_back(kC, c);
  for (const auto& [language, source] : inputs) {
    auto started = std::chrono::steady_clock::now();
    CodeChunks result = ChunkCode(source, language);
    auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_LT(elapsed, std::chrono::seconds(5)) << LanguageName(language);
    EXPECT_FALSE(result.fell_back);
    ExpectCoverage(source, result.chunks);
    ASSERT_FALSE(result.symbols.empty());
    EXPECT_EQ(result.symbols.back().name, "deepest");
  }
}

TEST(CodeChunkerTest, MinifiedLineIsOneChunk) {
  std::string source;
  while (source.size() < 5'000'000) source += "function f(a){return a+1};var x=f(2);";
  source += "\n";
  auto started = std::chrono::steady_clock::now();
  CodeChunks result = ChunkCode(source, kJavaScript);
  // Regression: each of the 135,000 definitions read the whole 5 MB line to make its signature, 12 s
  // in a Release build; 2 s now, or the parse's time budget and line windows.  The bound is loose.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  ExpectCoverage(source, result.chunks);
  ASSERT_EQ(result.chunks.size(), 1u);
  if (!result.fell_back) {
    EXPECT_GT(result.symbols.size(), 100'000u);
    EXPECT_EQ(result.symbols.back().signature, source.substr(0, 200));
  }
}

TEST(CodeChunkerTest, SlowParseFallsBackToLineWindows) {
  std::string source;
  for (int i = 0; i < 50'000; ++i) source += "int f" + std::to_string(i) + "(int x) { return x * 2; }\n";
  ChunkBudget budget;
  budget.max_parse_ms = 1;
  CodeChunks result = ChunkCode(source, kC, budget);
  EXPECT_TRUE(result.fell_back);
  EXPECT_TRUE(result.symbols.empty());
  ExpectCoverage(source, result.chunks);
  for (const Chunk& chunk : result.chunks) EXPECT_EQ(chunk.kind, ChunkKind::kLines);
  // The chunker recovers: the next parse is a fresh one.
  EXPECT_FALSE(ChunkCode(kFixtures[0].source, kC).fell_back);
}

INSTANTIATE_TEST_SUITE_P(Languages, CodeChunkerFixtureTest, testing::ValuesIn(kFixtures),
                         [](const testing::TestParamInfo<Fixture>& info) {
                           return std::string(LanguageName(info.param.language));
                         });

}  // namespace
}  // namespace scry
