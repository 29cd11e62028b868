// Small realistic sources in several languages, shared by the end-to-end tests of scry symbols,
// scry chunks and ranking: their expected symbols and chunks are spelled out in those tests.
#pragma once

#include <string_view>

namespace scry::testing {

constexpr std::string_view kGo = R"(package srv

import "net/http"

// Server serves requests.
type Server struct {
	Addr string
}

// Handle serves one request.
func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(200)
}

func (s Server) Close() error {
	return nil
}

func NewServer(addr string) *Server {
	return &Server{Addr: addr}
}

const DefaultAddr = ":8080"
)";

constexpr std::string_view kRust = R"(pub struct Config {
    pub depth: u32,
}

impl Config {
    pub fn parse(text: &str) -> Config {
        Config { depth: text.len() as u32 }
    }

    pub fn handle(&self) {}
}

pub fn parse_config(text: &str) -> Config {
    Config::parse(text)
}
)";

constexpr std::string_view kPython = R"(import os


class Repository:
    """A repository."""

    def __init__(self, path):
        self.path = path

    def handle_request(self, request):
        return request


def open_repository(path):
    return Repository(path)
)";

}  // namespace scry::testing
