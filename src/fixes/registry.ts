import { apache } from "./stacks/apache.js";
import { aspnet } from "./stacks/aspnet.js";
import { awsHttpApi } from "./stacks/aws-http-api.js";
import { awsLambda } from "./stacks/aws-lambda.js";
import { awsRestApi } from "./stacks/aws-rest-api.js";
import { backendProxy } from "./stacks/backend-proxy.js";
import { caddy } from "./stacks/caddy.js";
import { django } from "./stacks/django.js";
import { envoy } from "./stacks/envoy.js";
import { express } from "./stacks/express.js";
import { fastapi } from "./stacks/fastapi.js";
import { fastify } from "./stacks/fastify.js";
import { flask } from "./stacks/flask.js";
import { go } from "./stacks/go.js";
import { hono } from "./stacks/hono.js";
import { koa } from "./stacks/koa.js";
import { kong } from "./stacks/kong.js";
import { laravel } from "./stacks/laravel.js";
import { nextjs } from "./stacks/nextjs.js";
import { nginx } from "./stacks/nginx.js";
import { php } from "./stacks/php.js";
import { rails } from "./stacks/rails.js";
import { s3 } from "./stacks/s3.js";
import { spring } from "./stacks/spring.js";
import { traefik } from "./stacks/traefik.js";
import { viteProxy } from "./stacks/vite-proxy.js";
import { webpackProxy } from "./stacks/webpack-proxy.js";
import type { StackGenerator, StackId } from "./types.js";

/** One generator per stack; the compiler rejects a stack id without one. */
export const STACK_GENERATORS = {
  express,
  fastapi,
  nginx,
  php,
  "aws-rest-api": awsRestApi,
  "aws-http-api": awsHttpApi,
  "aws-lambda": awsLambda,
  kong,
  envoy,
  traefik,
  fastify,
  koa,
  hono,
  nextjs,
  flask,
  django,
  spring,
  aspnet,
  go,
  rails,
  laravel,
  apache,
  caddy,
  s3,
  "vite-proxy": viteProxy,
  "webpack-proxy": webpackProxy,
  "backend-proxy": backendProxy,
} as const satisfies Record<StackId, StackGenerator>;
