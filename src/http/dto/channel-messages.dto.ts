import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export class ChannelMessagesQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1, { message: 'limit 至少为 1' })
  @Max(100, { message: 'limit 最多为 100' })
  @JSONSchema({ description: '最多取几条，默认 20' })
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'wait 必须是整数' })
  @Min(0, { message: 'wait 不能为负数' })
  @Max(30, { message: 'wait 最多 30 秒' })
  @JSONSchema({ description: '长轮询：没有消息时最多等几秒，默认 0（立即返回）' })
  wait?: number;
}

export class DeliveryFailureDto {
  @IsString({ message: 'error 必须是文字' })
  @MinLength(1, { message: '请说明失败原因' })
  @MaxLength(2000, { message: '失败原因最多 2000 字' })
  error!: string;

  @IsOptional()
  @IsBoolean({ message: 'permanent 必须是 true 或 false' })
  @JSONSchema({ description: 'true：这条消息永远无法送达（如联系人已不存在），不再重试' })
  permanent?: boolean;
}
