import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { MAINLAND_MOBILE, normaliseMobile } from '../../domain/personal-data';
import { DIRECT_CHANNELS, SubmissionChannel } from '../../domain/channels';
import { CharLength } from './char-length';
import { MAX_PHOTOS_PER_REPORT, UPLOAD_TOKEN_PATTERN } from '../../domain/photos';
import { CHANNEL_ID, Optional, WITHOUT_NUL, trim } from './rules';

export class LocationDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: '地址必须是文字' })
  @CharLength(1, 200, { message: '地址长度需在 1 到 200 字之间' })
  @JSONSchema({ description: '地址文字，如“幸福路12号小区北门”', example: '幸福路12号小区北门' })
  address?: string;

  @ValidateIf((location: LocationDto) => location.lat !== undefined || location.lng !== undefined)
  @IsDefined({ message: '填写坐标时纬度和经度都需要' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度必须是数字' })
  @Min(-90, { message: '纬度需在 -90 到 90 之间' })
  @Max(90, { message: '纬度需在 -90 到 90 之间' })
  @JSONSchema({ description: 'WGS-84 纬度', example: 39.9087 })
  lat?: number;

  @ValidateIf((location: LocationDto) => location.lat !== undefined || location.lng !== undefined)
  @IsDefined({ message: '填写坐标时纬度和经度都需要' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度必须是数字' })
  @Min(-180, { message: '经度需在 -180 到 180 之间' })
  @Max(180, { message: '经度需在 -180 到 180 之间' })
  @JSONSchema({ description: 'WGS-84 经度', example: 116.3975 })
  lng?: number;
}

export class ContactDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: '姓名必须是文字' })
  @CharLength(1, 50, { message: '姓名长度需在 1 到 50 字之间' })
  name?: string;

  @Optional()
  // Residents write +86 and spaces; anything that still is not 11 digits fails the format below.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (normaliseMobile(value) ?? value) : value))
  @IsString({ message: '手机号必须是文字' })
  @Matches(MAINLAND_MOBILE, { message: '手机号格式不正确，应为 11 位大陆手机号' })
  @JSONSchema({ description: '大陆手机号，11 位', example: '13812341234' })
  phone?: string;
}

/** Who sent the report on a messaging channel; only a channel client (with its token) may say. */
export class SubmitterDto {
  @IsDefined({ message: '请提供渠道上的联系人编号' })
  @IsString({ message: '联系人编号必须是文字' })
  @Matches(CHANNEL_ID, { message: '联系人编号应为 1 到 128 个可见 ASCII 字符' })
  id!: string;

  @Optional()
  @IsString({ message: '联系人标识必须是文字' })
  @CharLength(1, 64, { message: '联系人标识长度需在 1 到 64 字之间' })
  @Matches(WITHOUT_NUL, { message: '联系人标识不能含有 NUL 字符' })
  @JSONSchema({ description: '联系人的稳定标识（如机器人给联系人设的备注），编号变化后用它找回联系人' })
  handle?: string;
}

export class CreateSubmissionDto {
  @IsDefined({ message: '请填写反映内容' })
  @Transform(trim)
  @IsString({ message: '反映内容必须是文字' })
  @CharLength(2, 2000, { message: '反映内容需在 2 到 2000 字之间（不含首尾空格）' })
  @JSONSchema({ description: '反映的问题，2 到 2000 字', example: '幸福路菜市场门口垃圾桶满了好几天没人清运' })
  content!: string;

  @IsDefined({ message: '请说明提交渠道' })
  @IsIn(DIRECT_CHANNELS, { message: `渠道必须是 ${DIRECT_CHANNELS.join('、')} 之一` })
  @JSONSchema({ enum: [...DIRECT_CHANNELS], description: '提交渠道（Open311 客户端请用 /open311/v2）' })
  channel!: SubmissionChannel;

  @Optional()
  @IsObject({ message: '位置必须是对象 {address, lat, lng}' })
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @Optional()
  @IsObject({ message: '联系方式必须是对象 {name, phone}' })
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @Optional()
  @IsBoolean({ message: 'anonymous 必须是 true 或 false' })
  @JSONSchema({ description: '匿名反映：不留联系方式' })
  anonymous?: boolean;

  @Optional()
  @IsBoolean({ message: 'notifyBySms 必须是 true 或 false' })
  @JSONSchema({ description: '短信通知我办理进度（需填写手机号，且本站已开通短信）' })
  notifyBySms?: boolean;

  @Optional()
  @IsArray({ message: 'photoIds 必须是数组' })
  @ArrayMaxSize(MAX_PHOTOS_PER_REPORT, { message: `最多附 ${MAX_PHOTOS_PER_REPORT} 张照片` })
  @IsString({ each: true, message: '照片编号必须是文字' })
  @Matches(UPLOAD_TOKEN_PATTERN, { each: true, message: '照片编号格式不正确，请重新上传照片' })
  @JSONSchema({ description: `先经 POST /api/v1/photos 上传得到的照片编号，最多 ${MAX_PHOTOS_PER_REPORT} 张` })
  photoIds?: string[];

  @Optional()
  @IsInt({ message: 'followsId 必须是整数' })
  @Min(1, { message: 'followsId 必须是正整数' })
  @Max(2147483647, { message: 'followsId 太大' })
  @JSONSchema({
    description: '我也遇到：GET /api/v1/submissions/similar 给出的同类反映 id；提交后与它合并办理，您会收到它的进展',
  })
  followsId?: number;

  @Optional()
  @IsObject({ message: 'submitter 必须是对象 {id, handle}' })
  @ValidateNested()
  @Type(() => SubmitterDto)
  @JSONSchema({ description: '渠道客户端（微信机器人）填写：提交者在该渠道上的编号。需带渠道令牌' })
  submitter?: SubmitterDto;
}
