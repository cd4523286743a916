// @ts-nocheck
/* Generated: Ajv's standalone code for OPTIONS_SCHEMA (src/config.ts). Do not edit: DUPECHECK_WRITE_VALIDATOR=1 npm test -- test/config.test.ts writes it again. */
"use strict";
export const validate = validate10;
export default validate10;
const schema11 = {"type":"object","additionalProperties":false,"properties":{"ext":{"anyOf":[{"type":"string","minLength":1},{"type":"array","items":{"type":"string","minLength":1},"minItems":1}]},"ignore":{"anyOf":[{"type":"string","minLength":1},{"type":"array","items":{"type":"string","minLength":1}}]},"encoding":{"enum":["utf-8","windows-1252","auto"]},"maxSize":{"anyOf":[{"type":"string","pattern":"^(none|[0-9]+(\\.[0-9]+)? *([kKmMgG]?[bB]?))$"},{"type":"integer","minimum":1}]},"failOn":{"enum":["identical","near-duplicate","reworded","related","none"]},"stats":{"type":"boolean"},"shingleSize":{"type":"integer","minimum":1,"maximum":20},"numPerm":{"type":"integer","minimum":16,"maximum":1024},"seed":{"type":"integer","minimum":0,"maximum":2147483647},"threshold":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"contentThreshold":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"minPassage":{"type":"integer","minimum":6,"maximum":1000},"related":{"anyOf":[{"enum":["all","none"]},{"type":"integer","minimum":1,"maximum":1000}]},"series":{"enum":["none","folder"]},"format":{"enum":["text","json","jsonl","github","sarif"]},"color":{"type":"boolean"},"progress":{"type":"boolean"},"verbose":{"type":"boolean"},"index":{"type":"string","minLength":1}}};
const func2 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^(none|[0-9]+(\\.[0-9]+)? *([kKmMgG]?[bB]?))$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
validate10.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.ext !== undefined){
let data0 = data.ext;
const _errs2 = errors;
const _errs3 = errors;
let valid1 = false;
const _errs4 = errors;
if(errors === _errs4){
if(typeof data0 === "string"){
if(data0.length < 1){
const err0 = {instancePath:instancePath+"/ext",schemaPath:"#/properties/ext/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath:instancePath+"/ext",schemaPath:"#/properties/ext/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
var _valid0 = _errs4 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs6 = errors;
if(errors === _errs6){
if(Array.isArray(data0)){
if(data0.length < 1){
const err2 = {instancePath:instancePath+"/ext",schemaPath:"#/properties/ext/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
else {
var valid2 = true;
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
const _errs8 = errors;
if(errors === _errs8){
if(typeof data1 === "string"){
if(data1.length < 1){
const err3 = {instancePath:instancePath+"/ext/" + i0,schemaPath:"#/properties/ext/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/ext/" + i0,schemaPath:"#/properties/ext/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
var valid2 = _errs8 === errors;
if(!valid2){
break;
}
}
}
}
else {
const err5 = {instancePath:instancePath+"/ext",schemaPath:"#/properties/ext/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err6 = {instancePath:instancePath+"/ext",schemaPath:"#/properties/ext/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
validate10.errors = vErrors;
return false;
}
else {
errors = _errs3;
if(vErrors !== null){
if(_errs3){
vErrors.length = _errs3;
}
else {
vErrors = null;
}
}
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.ignore !== undefined){
let data2 = data.ignore;
const _errs10 = errors;
const _errs11 = errors;
let valid3 = false;
const _errs12 = errors;
if(errors === _errs12){
if(typeof data2 === "string"){
if(data2.length < 1){
const err7 = {instancePath:instancePath+"/ignore",schemaPath:"#/properties/ignore/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/ignore",schemaPath:"#/properties/ignore/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
var _valid1 = _errs12 === errors;
valid3 = valid3 || _valid1;
if(!valid3){
const _errs14 = errors;
if(errors === _errs14){
if(Array.isArray(data2)){
var valid4 = true;
const len1 = data2.length;
for(let i1=0; i1<len1; i1++){
let data3 = data2[i1];
const _errs16 = errors;
if(errors === _errs16){
if(typeof data3 === "string"){
if(data3.length < 1){
const err9 = {instancePath:instancePath+"/ignore/" + i1,schemaPath:"#/properties/ignore/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/ignore/" + i1,schemaPath:"#/properties/ignore/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
var valid4 = _errs16 === errors;
if(!valid4){
break;
}
}
}
else {
const err11 = {instancePath:instancePath+"/ignore",schemaPath:"#/properties/ignore/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var _valid1 = _errs14 === errors;
valid3 = valid3 || _valid1;
}
if(!valid3){
const err12 = {instancePath:instancePath+"/ignore",schemaPath:"#/properties/ignore/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
validate10.errors = vErrors;
return false;
}
else {
errors = _errs11;
if(vErrors !== null){
if(_errs11){
vErrors.length = _errs11;
}
else {
vErrors = null;
}
}
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.encoding !== undefined){
let data4 = data.encoding;
const _errs18 = errors;
if(!(((data4 === "utf-8") || (data4 === "windows-1252")) || (data4 === "auto"))){
validate10.errors = [{instancePath:instancePath+"/encoding",schemaPath:"#/properties/encoding/enum",keyword:"enum",params:{allowedValues: schema11.properties.encoding.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs18 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.maxSize !== undefined){
let data5 = data.maxSize;
const _errs19 = errors;
const _errs20 = errors;
let valid5 = false;
const _errs21 = errors;
if(errors === _errs21){
if(typeof data5 === "string"){
if(!pattern0.test(data5)){
const err13 = {instancePath:instancePath+"/maxSize",schemaPath:"#/properties/maxSize/anyOf/0/pattern",keyword:"pattern",params:{pattern: "^(none|[0-9]+(\\.[0-9]+)? *([kKmMgG]?[bB]?))$"},message:"must match pattern \""+"^(none|[0-9]+(\\.[0-9]+)? *([kKmMgG]?[bB]?))$"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/maxSize",schemaPath:"#/properties/maxSize/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
var _valid2 = _errs21 === errors;
valid5 = valid5 || _valid2;
if(!valid5){
const _errs23 = errors;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
const err15 = {instancePath:instancePath+"/maxSize",schemaPath:"#/properties/maxSize/anyOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(errors === _errs23){
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 < 1 || isNaN(data5)){
const err16 = {instancePath:instancePath+"/maxSize",schemaPath:"#/properties/maxSize/anyOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
var _valid2 = _errs23 === errors;
valid5 = valid5 || _valid2;
}
if(!valid5){
const err17 = {instancePath:instancePath+"/maxSize",schemaPath:"#/properties/maxSize/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
validate10.errors = vErrors;
return false;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.failOn !== undefined){
let data6 = data.failOn;
const _errs25 = errors;
if(!(((((data6 === "identical") || (data6 === "near-duplicate")) || (data6 === "reworded")) || (data6 === "related")) || (data6 === "none"))){
validate10.errors = [{instancePath:instancePath+"/failOn",schemaPath:"#/properties/failOn/enum",keyword:"enum",params:{allowedValues: schema11.properties.failOn.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs25 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stats !== undefined){
const _errs26 = errors;
if(typeof data.stats !== "boolean"){
validate10.errors = [{instancePath:instancePath+"/stats",schemaPath:"#/properties/stats/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs26 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.shingleSize !== undefined){
let data8 = data.shingleSize;
const _errs28 = errors;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
validate10.errors = [{instancePath:instancePath+"/shingleSize",schemaPath:"#/properties/shingleSize/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs28){
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 20 || isNaN(data8)){
validate10.errors = [{instancePath:instancePath+"/shingleSize",schemaPath:"#/properties/shingleSize/maximum",keyword:"maximum",params:{comparison: "<=", limit: 20},message:"must be <= 20"}];
return false;
}
else {
if(data8 < 1 || isNaN(data8)){
validate10.errors = [{instancePath:instancePath+"/shingleSize",schemaPath:"#/properties/shingleSize/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"}];
return false;
}
}
}
}
var valid0 = _errs28 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.numPerm !== undefined){
let data9 = data.numPerm;
const _errs30 = errors;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
validate10.errors = [{instancePath:instancePath+"/numPerm",schemaPath:"#/properties/numPerm/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs30){
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 1024 || isNaN(data9)){
validate10.errors = [{instancePath:instancePath+"/numPerm",schemaPath:"#/properties/numPerm/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024"}];
return false;
}
else {
if(data9 < 16 || isNaN(data9)){
validate10.errors = [{instancePath:instancePath+"/numPerm",schemaPath:"#/properties/numPerm/minimum",keyword:"minimum",params:{comparison: ">=", limit: 16},message:"must be >= 16"}];
return false;
}
}
}
}
var valid0 = _errs30 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.seed !== undefined){
let data10 = data.seed;
const _errs32 = errors;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
validate10.errors = [{instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs32){
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 2147483647 || isNaN(data10)){
validate10.errors = [{instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647"}];
return false;
}
else {
if(data10 < 0 || isNaN(data10)){
validate10.errors = [{instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
}
var valid0 = _errs32 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.threshold !== undefined){
let data11 = data.threshold;
const _errs34 = errors;
if(errors === _errs34){
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 >= 1 || isNaN(data11)){
validate10.errors = [{instancePath:instancePath+"/threshold",schemaPath:"#/properties/threshold/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1"}];
return false;
}
else {
if(data11 <= 0 || isNaN(data11)){
validate10.errors = [{instancePath:instancePath+"/threshold",schemaPath:"#/properties/threshold/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"}];
return false;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/threshold",schemaPath:"#/properties/threshold/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs34 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.contentThreshold !== undefined){
let data12 = data.contentThreshold;
const _errs36 = errors;
if(errors === _errs36){
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 >= 1 || isNaN(data12)){
validate10.errors = [{instancePath:instancePath+"/contentThreshold",schemaPath:"#/properties/contentThreshold/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1"}];
return false;
}
else {
if(data12 <= 0 || isNaN(data12)){
validate10.errors = [{instancePath:instancePath+"/contentThreshold",schemaPath:"#/properties/contentThreshold/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"}];
return false;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/contentThreshold",schemaPath:"#/properties/contentThreshold/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs36 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.minPassage !== undefined){
let data13 = data.minPassage;
const _errs38 = errors;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
validate10.errors = [{instancePath:instancePath+"/minPassage",schemaPath:"#/properties/minPassage/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs38){
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 1000 || isNaN(data13)){
validate10.errors = [{instancePath:instancePath+"/minPassage",schemaPath:"#/properties/minPassage/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"}];
return false;
}
else {
if(data13 < 6 || isNaN(data13)){
validate10.errors = [{instancePath:instancePath+"/minPassage",schemaPath:"#/properties/minPassage/minimum",keyword:"minimum",params:{comparison: ">=", limit: 6},message:"must be >= 6"}];
return false;
}
}
}
}
var valid0 = _errs38 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.related !== undefined){
let data14 = data.related;
const _errs40 = errors;
const _errs41 = errors;
let valid6 = false;
const _errs42 = errors;
if(!((data14 === "all") || (data14 === "none"))){
const err18 = {instancePath:instancePath+"/related",schemaPath:"#/properties/related/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema11.properties.related.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid3 = _errs42 === errors;
valid6 = valid6 || _valid3;
if(!valid6){
const _errs43 = errors;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err19 = {instancePath:instancePath+"/related",schemaPath:"#/properties/related/anyOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(errors === _errs43){
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 1000 || isNaN(data14)){
const err20 = {instancePath:instancePath+"/related",schemaPath:"#/properties/related/anyOf/1/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
else {
if(data14 < 1 || isNaN(data14)){
const err21 = {instancePath:instancePath+"/related",schemaPath:"#/properties/related/anyOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
}
var _valid3 = _errs43 === errors;
valid6 = valid6 || _valid3;
}
if(!valid6){
const err22 = {instancePath:instancePath+"/related",schemaPath:"#/properties/related/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
validate10.errors = vErrors;
return false;
}
else {
errors = _errs41;
if(vErrors !== null){
if(_errs41){
vErrors.length = _errs41;
}
else {
vErrors = null;
}
}
}
var valid0 = _errs40 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.series !== undefined){
let data15 = data.series;
const _errs45 = errors;
if(!((data15 === "none") || (data15 === "folder"))){
validate10.errors = [{instancePath:instancePath+"/series",schemaPath:"#/properties/series/enum",keyword:"enum",params:{allowedValues: schema11.properties.series.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs45 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.format !== undefined){
let data16 = data.format;
const _errs46 = errors;
if(!(((((data16 === "text") || (data16 === "json")) || (data16 === "jsonl")) || (data16 === "github")) || (data16 === "sarif"))){
validate10.errors = [{instancePath:instancePath+"/format",schemaPath:"#/properties/format/enum",keyword:"enum",params:{allowedValues: schema11.properties.format.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs46 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.color !== undefined){
const _errs47 = errors;
if(typeof data.color !== "boolean"){
validate10.errors = [{instancePath:instancePath+"/color",schemaPath:"#/properties/color/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs47 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.progress !== undefined){
const _errs49 = errors;
if(typeof data.progress !== "boolean"){
validate10.errors = [{instancePath:instancePath+"/progress",schemaPath:"#/properties/progress/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs49 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.verbose !== undefined){
const _errs51 = errors;
if(typeof data.verbose !== "boolean"){
validate10.errors = [{instancePath:instancePath+"/verbose",schemaPath:"#/properties/verbose/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs51 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.index !== undefined){
let data20 = data.index;
const _errs53 = errors;
if(errors === _errs53){
if(typeof data20 === "string"){
if(data20.length < 1){
validate10.errors = [{instancePath:instancePath+"/index",schemaPath:"#/properties/index/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate10.errors = [{instancePath:instancePath+"/index",schemaPath:"#/properties/index/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs53 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate10.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate10.errors = vErrors;
return errors === 0;
}

