#include "aws/aws_service.hpp"

namespace larkbase::aws {

const AwsServiceNames& service_names(AwsService service) {
  static const AwsServiceNames kS3{"S3", "s3", "s3", "S3", ""};
  static const AwsServiceNames kGlue{"Glue", "glue", "glue", "GLUE", "AWSGlue"};
  static const AwsServiceNames kSecrets{"Secrets Manager", "secretsmanager", "secretsmanager",
                                        "SECRETS_MANAGER", "secretsmanager"};
  static const AwsServiceNames kSts{"STS", "sts", "sts", "STS", ""};
  static const AwsServiceNames kAthena{"Athena", "athena", "athena", "ATHENA", "AmazonAthena"};
  switch (service) {
    case AwsService::kS3:
      return kS3;
    case AwsService::kGlue:
      return kGlue;
    case AwsService::kSecretsManager:
      return kSecrets;
    case AwsService::kSts:
      return kSts;
    case AwsService::kAthena:
      break;
  }
  return kAthena;
}

}  // namespace larkbase::aws
