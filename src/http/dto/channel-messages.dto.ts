import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CHANNEL_ID, CleanText, Optional } from './rules';

export class ChannelMessagesQueryDto {
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1, { message: 'limit 至少为 1' })
  @Max(100, { message: 'limit 最多为 100' })
  @JSONSchema({ description: '最多取几条，默认 20' })
  limit?: number;

  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'wait 必须是整数' })
  @Min(0, { message: 'wait 不能为负数' })
  @Max(30, { message: 'wait 最多 30 秒' })
  @JSONSchema({ description: '长轮询：没有消息时最多等几秒，默认 0（立即返回）' })
  wait?: number;
}

export class DeliveryFailureDto {
  @CleanText()
  @IsString({ message: 'error 必须是文字' })
  @MinLength(1, { message: '请说明失败原因' })
  @MaxLength(2000, { message: '失败原因最多 2000 字' })
  error!: string;

  @Optional()
  @IsBoolean({ message: 'permanent 必须是 true 或 false' })
  @JSONSchema({ description: 'true：这条消息永远无法送达（如联系人已不存在），不再重试' })
  permanent?: boolean;

  @Optional()
  @IsInt({ message: 'attempt 必须是整数' })
  @Min(1, { message: 'attempt 至少为 1' })
  @Max(1_000_000, { message: 'attempt 太大' })
  @JSONSchema({ description: '取消息时给出的 attempt；租期已过、消息已转给别人时，旧的失败报告会被忽略' })
  attempt?: number;

  @Optional()
  @IsBoolean({ message: 'unreachable 必须是 true 或 false' })
  @JSONSchema({ description: 'true：按编号和标识都找不到这位群众；其反映标记为“微信联系不上”，消息不再重试' })
  unreachable?: boolean;
}

export class MoveHandleDto {
  @IsString({ message: 'id 必须是文字' })
  @Matches(CHANNEL_ID, { message: 'id 应为 1 到 128 个可见 ASCII 字符' })
  @JSONSchema({ description: '联系人在渠道上的新编号' })
  id!: string;
}

export class RecipientReportsQueryDto {
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1, { message: 'limit 至少为 1' })
  @Max(20, { message: 'limit 最多为 20' })
  limit?: number;
}
