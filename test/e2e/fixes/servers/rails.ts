import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type StackRunner, spawnServer } from "../runner.js";

const RUBY = "/usr/bin/ruby";

/**
 * rack-cors, the middleware Rails uses for CORS, on Rack with WEBrick (Rails itself is not in
 * Debian's packages here). The snippet is the Rails initializer, run verbatim against a stand-in
 * for Rails.application.config.middleware whose stack is Rails' relevant order: the exception
 * renderer (ActionDispatch::ShowExceptions answers 500), then authentication (Warden-like:
 * non-GET requests without an Authorization header get 401), then the app. insert_before 0
 * puts the snippet's middleware above them, as Rails does.
 */
export const railsRunner: StackRunner = {
  stack: "rails",
  unavailable: () => {
    const probe = spawnSync(RUBY, ["-e", 'require "rack"; require "rack/cors"; require "webrick"'], {
      encoding: "utf8",
      timeout: 20_000,
    });
    return probe.status === 0
      ? null
      : `${RUBY} cannot load rack, rack/cors and webrick (apt-get install ruby ruby-rack ruby-rack-cors ruby-webrick)`;
  },
  async start({ snippet, port, paths, route, workDir }) {
    writeFileSync(join(workDir, "cors.rb"), `${snippet}\n`);
    const server = `require "json"
require "rack"
require "rack/cors"
require "webrick"

# Rails.application.config.middleware: an ordered stack with insert_before, as in Rails.
class LabMiddlewareStack
  attr_reader :entries

  def initialize(entries)
    @entries = entries
  end

  def insert_before(index, klass, *args, &block)
    index = @entries.index { |entry| entry[0] == index } if index.is_a?(Class)
    @entries.insert(index, [klass, args, block])
  end

  def use(klass, *args, &block)
    @entries.push([klass, args, block])
  end
end

# ActionDispatch::ShowExceptions: an exception becomes a 500 answer inside the stack.
class LabShowExceptions
  def initialize(app)
    @app = app
  end

  def call(env)
    @app.call(env)
  rescue StandardError => e
    warn "#{e.class}: #{e.message}"
    [500, { "Content-Type" => "application/json" }, [{ error: "internal server error" }.to_json]]
  end
end

# Authentication middleware (Warden/Devise-like): writes need a bearer token.
class LabAuthentication
  def initialize(app)
    @app = app
  end

  def call(env)
    if env["REQUEST_METHOD"] != "GET" && env["HTTP_AUTHORIZATION"].to_s.empty?
      return [401, { "Content-Type" => "application/json" }, [{ error: "unauthorized" }.to_json]]
    end
    @app.call(env)
  end
end

module Rails
  Config = Struct.new(:middleware)
  Application = Struct.new(:config)

  def self.application
    @application ||= Application.new(Config.new(LabMiddlewareStack.new([[LabShowExceptions, [], nil], [LabAuthentication, [], nil]])))
  end
end

load File.join(__dir__, "cors.rb")

endpoint = lambda do |env|
  next [404, { "Content-Type" => "application/json" }, ["{}"]] unless ${JSON.stringify(paths)}.include?(env["PATH_INFO"])
  ${route === "fail" ? 'raise "the handler failed"' : '[200, { "Content-Type" => "application/json" }, [{ ok: true }.to_json]]'}
end

stack = Rails.application.config.middleware.entries
app = Rack::Builder.new do
  stack.each { |klass, args, block| use(klass, *args, &block) }
  run endpoint
end

Rack::Handler::WEBrick.run(app, Host: "127.0.0.1", Port: ${port}, AccessLog: [])
`;
    writeFileSync(join(workDir, "server.rb"), server);
    return spawnServer(RUBY, [join(workDir, "server.rb")], port, {}, workDir);
  },
};
