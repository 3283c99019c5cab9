/** Words for where a fix belongs (src/fixes/layer.ts): the layer's name and the one-sentence why. */

import type { Layer, LayerWhy, LayerWhyArgsByCode, LayerWhyCode } from "../fixes/layer.js";

export const LAYER_LABEL: Readonly<Record<Layer, string>> = {
  cdn: "CDN",
  proxy: "proxy or web server",
  "api-gateway": "API gateway",
  function: "function",
  application: "application",
  unknown: "unknown layer",
};

const answer = (leg: "preflight" | "actual", status: number) =>
  leg === "preflight" ? `preflight (${status})` : `${status}`;
const everyResponse = (status: number) => (status >= 400 ? "on every response, errors included" : "on every response");

export const LAYER_WHY_TEXT: { readonly [C in LayerWhyCode]: (args: LayerWhyArgsByCode[C]) => string } = {
  GATEWAY_PREFLIGHT_FUNCTION_RESPONSE: (a) =>
    `The preflight is answered by ${a.gateway} and passes; the ${a.status} comes from your Lambda function, which must return the CORS headers ${everyResponse(a.status)}.`,
  FUNCTION_RESPONSE: (a) =>
    a.leg === "preflight"
      ? `The preflight reaches your Lambda function, whose answer passes through unchanged, so the function must answer OPTIONS itself and return the CORS headers on every response, errors included.`
      : `The ${a.status} comes from your Lambda function (nothing adds headers to a proxy integration's responses), which must return the CORS headers ${everyResponse(a.status)}.`,
  GATEWAY_OWN_RESPONSE: (a) =>
    a.errorType
      ? `The ${answer(a.leg, a.status)} is ${a.gateway}'s own answer (${a.errorType}), so the function behind it never ran: the gateway's own responses must carry the CORS headers.`
      : a.leg === "preflight"
        ? `The preflight (${a.status}) is answered by ${a.gateway} itself, so its CORS settings are changed in the gateway, not in the function behind it.`
        : `The ${a.status} is ${a.gateway}'s own answer, so the gateway's responses must carry the CORS headers.`,
  EDGE_OWN_ERROR: (a) =>
    `The ${a.status} is ${a.edge}'s own error page: ${a.app ?? "your application"} never answered, so its CORS settings never ran; fix why the upstream fails, and have ${a.edge} add the headers to its own error responses if the page must read them.`,
  APPLICATION_RESPONSE: (a) =>
    a.through.length > 0
      ? `The ${answer(a.leg, a.status)} comes from ${a.app}, passed on unchanged by ${a.through.join(" and ")}, so ${a.app} must send the CORS headers ${everyResponse(a.status)}.`
      : `The ${answer(a.leg, a.status)} comes from ${a.app}, which must send the CORS headers ${everyResponse(a.status)}.`,
  PROXY_RESPONSE: (a) =>
    `The ${answer(a.leg, a.status)} is answered by ${a.proxy} and no application shows behind it, so the CORS headers go in ${a.proxy}'s configuration.`,
  TWO_LAYERS_ALLOW_ORIGIN: (a) =>
    `${a.layers.length > 1 ? `Both ${a.layers.join(" and ")} set` : "Two layers set"} Access-Control-Allow-Origin, so the browser sees two values; ${a.keep ? `keep it in ${a.keep} and remove it from the other layer` : "keep it in exactly one layer"}.`,
  LAYER_UNKNOWN: () =>
    "The response headers do not show which component answered, so the change goes wherever this API's CORS is configured today.",
};

/** The one sentence saying why the fix goes where it does. */
export function explainLayerWhy(why: LayerWhy): string {
  return (LAYER_WHY_TEXT[why.code] as (args: LayerWhy["args"]) => string)(why.args);
}
