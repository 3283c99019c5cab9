import { defineStack, headerPresent } from "../define-stack.js";
import { EXISTING_MARKER, quoted } from "../snippet.js";
import { executeApiUrl } from "./aws-rest-api.js";

/**
 * API Gateway HTTP API, as the CloudFormation `CorsConfiguration` of `AWS::ApiGatewayV2::Api`
 * (`AWS::Serverless::HttpApi` takes the same keys)
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigatewayv2-api-cors.html).
 */
export const awsHttpApi = defineStack({
  id: "aws-http-api",
  label: "AWS API Gateway (HTTP API)",
  language: "yaml",
  detect: {
    precedence: 30,
    rules: [{ confidence: "high", match: headerPresent("apigw-requestid") }],
  },
  generate({ policy, needs }) {
    const items = (values: readonly string[]) => values.map((v) => `          - ${quoted(v)}`);
    const cors = [
      "      CorsConfiguration:",
      "        AllowOrigins:",
      items(policy.origins),
      "        AllowMethods:",
      items(policy.methods),
      ...(policy.headers.length > 0 ? ["        AllowHeaders:", items(policy.headers)] : []),
      ...(policy.exposeHeaders.length > 0 ? ["        ExposeHeaders:", items(policy.exposeHeaders)] : []),
      ...(policy.credentials ? ["        AllowCredentials: true"] : []),
      `        MaxAge: ${policy.maxAge}`,
    ].flat();
    const preflightRoute = [
      "",
      "  # $default and ANY /{proxy+} catch OPTIONS too, and their authorizer rejects the preflight.",
      "  # This route has priority over them and needs no authorization.",
      "  PreflightRoute:",
      "    Type: AWS::ApiGatewayV2::Route",
      "    Properties:",
      "      ApiId: !Ref HttpApi",
      '      RouteKey: "OPTIONS /{proxy+}"',
      "      AuthorizationType: NONE",
      "      # An integration that answers OPTIONS with a 2xx; the gateway adds the CORS headers itself.",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's !Sub syntax, not a JS template.
      '      Target: !Sub "integrations/${PreflightIntegration}"',
    ];
    const snippet = [
      "Resources:",
      "  # Your API's logical ID.",
      "  HttpApi:",
      "    Type: AWS::ApiGatewayV2::Api",
      "    Properties:",
      `      # ${EXISTING_MARKER} (Name, ProtocolType: HTTP, ...)`,
      ...cors,
      ...(needs.beforeAuth ? preflightRoute : []),
    ].join("\n");

    const url = executeApiUrl(policy);
    const apiId = url?.apiId ?? "YOUR_API_ID";
    const traps = [
      "Once CorsConfiguration is set, API Gateway answers preflights itself and ignores the CORS headers your integration returns (AWS docs): the gateway alone owns CORS, so remove it from the backend.",
      "The gateway adds the headers only when the request carries Origin (and, for OPTIONS, Access-Control-Request-Method): test with those headers.",
      "AllowOrigins entries are compared exactly: scheme, host and port, without a trailing slash.",
    ];
    if (needs.beforeAuth)
      traps.unshift(
        "An authorizer on $default or ANY /{proxy+} also runs for OPTIONS; AWS recommends an unauthenticated OPTIONS /{proxy+} route with an integration that returns 2xx (replace PreflightIntegration with its logical ID).",
      );
    if (needs.singleLayer)
      traps.unshift(
        "The duplicate means CORS is set in two places: with CorsConfiguration on the API, the integration's CORS headers are dropped, so a remaining duplicate comes from a CDN in front (CloudFront response headers policy).",
      );
    if (needs.actualResponses)
      traps.unshift(
        "The preflight passed but the actual response lacked the headers: without CorsConfiguration the gateway adds nothing to integration responses, so set it here (or return the headers from the backend, not both).",
      );
    return {
      where: `In the template that defines the HTTP API (AWS::ApiGatewayV2::Api, or AWS::Serverless::HttpApi with the same CorsConfiguration keys). Without a template: aws apigatewayv2 update-api --api-id ${apiId} --cors-configuration with the same keys as JSON.`,
      snippet,
      traps,
    };
  },
});
