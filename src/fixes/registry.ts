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
import type { StackGenerator } from "./types.js";

/**
 * Every stack a fix can be generated for, in the order the panel's tabs and the CLI list them.
 * A new stack is its file in stacks/ (defineStack) and one entry here.
 */
const STACKS = [
  express,
  fastapi,
  nginx,
  php,
  awsRestApi,
  awsHttpApi,
  awsLambda,
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
  viteProxy,
  webpackProxy,
  backendProxy,
] as const;

export type StackId = (typeof STACKS)[number]["id"];

export const STACK_IDS: readonly StackId[] = STACKS.map((stack) => stack.id);

/** Each stack's generator and detection rules, by id. */
export const STACK_GENERATORS = Object.fromEntries(STACKS.map((stack) => [stack.id, stack])) as Readonly<
  Record<StackId, StackGenerator<StackId>>
>;
