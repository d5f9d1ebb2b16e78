#include "aws/sts_client.hpp"

#include "aws/xml_document.hpp"
#include "common/error.hpp"

namespace larkbase::aws {

StsClient::StsClient(AwsConfig config)
    : StsClient(std::make_shared<AwsTransport>(std::move(config))) {}

StsClient::StsClient(std::shared_ptr<AwsTransport> transport) : transport_(std::move(transport)) {}

CallerIdentity StsClient::get_caller_identity() {
  std::string body =
      transport_->call_query(AwsService::kSts, "GetCallerIdentity", "2011-06-15", {});
  XmlElement root = parse_xml(body, "STS GetCallerIdentity response");
  const XmlElement* result = root.find("GetCallerIdentityResult");
  if (result == nullptr || result->child_text("Account").empty()) {
    throw common::ExternalError("STS GetCallerIdentity answered without an Account");
  }
  return CallerIdentity{result->child_text("Account"), result->child_text("Arn"),
                        result->child_text("UserId")};
}

}  // namespace larkbase::aws
